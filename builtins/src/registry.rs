//! The one list of builtins, and the names that are in scope without `builtins.`.

use nixvm_value::host::Settings;
use nixvm_value::{Attr, BuiltinDef, NixAttrs, NixList, Symbol, Value};

use crate::{
    arithmetic, attrs, control, derivation, environment, fetchers, files, flakes, formats, hashing,
    lists, reflect, store, strings, types,
};

/// Every builtin function, by topic. Each topic file lists its own in `ALL`.
pub static GROUPS: &[&[&BuiltinDef]] = &[
    arithmetic::ALL,
    attrs::ALL,
    lists::generic_closure::ALL,
    strings::context::ALL,
    control::ALL,
    derivation::ALL,
    environment::ALL,
    fetchers::ALL,
    files::read::ALL,
    flakes::ALL,
    formats::ALL,
    hashing::ALL,
    files::import::ALL,
    lists::callbacks::ALL,
    lists::elements::ALL,
    reflect::ALL,
    strings::regex::ALL,
    strings::replace::ALL,
    lists::sort::ALL,
    store::builtins::ALL,
    strings::basic::ALL,
    types::ALL,
    strings::versions::ALL,
];

/// Every builtin function.
pub fn functions() -> impl Iterator<Item = &'static BuiltinDef> {
    GROUPS.iter().flat_map(|g| g.iter().copied())
}

/// Builtins that exist only when one of the experimental features listed is on, as in Nix.
pub const FEATURE_GATED: &[(&str, &[&str])] = &[
    ("fetchClosure", &["fetch-closure"]),
    ("fetchTree", &["fetch-tree", "flakes"]),
    ("getFlake", &["flakes"]),
    ("outputOf", &["dynamic-derivations"]),
];

/// Whether the builtin `name` exists with these settings.
pub fn is_enabled(name: &str, settings: &Settings) -> bool {
    match FEATURE_GATED.iter().find(|(n, _)| *n == name) {
        Some((_, features)) => features.iter().any(|f| settings.has_feature(f)),
        None => true,
    }
}

/// The builtin functions that exist with these settings.
pub fn enabled_functions(settings: &Settings) -> impl Iterator<Item = &'static BuiltinDef> + '_ {
    functions().filter(|d| is_enabled(d.name, settings))
}

/// Builtins that are in scope under their own name (the others are in scope as `__name`).
pub const GLOBAL_NAMES: &[&str] = &[
    "abort",
    "baseNameOf",
    "break",
    "derivation",
    "derivationStrict",
    "dirOf",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fetchTree",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
];

/// The language version `builtins.langVersion` reports.
pub const LANG_VERSION: i64 = 6;

/// The Nix version nixvm reports as `builtins.nixVersion`.
pub const NIX_VERSION: &str = "2.31.0";

/// The non-function values of `builtins`.
pub fn constants(settings: &Settings) -> Vec<(&'static str, Value)> {
    let nix_path = settings
        .nix_path
        .iter()
        .map(|e| {
            Value::Attrs(NixAttrs::from_unsorted_first_wins(vec![
                Attr::new(Symbol::new("prefix"), Value::string(&e.prefix)),
                Attr::new(Symbol::new("path"), Value::string(&e.path)),
            ]))
        })
        .collect();
    let mut v = vec![
        ("true", Value::Bool(true)),
        ("false", Value::Bool(false)),
        ("null", Value::Null),
        ("nixVersion", Value::string(NIX_VERSION)),
        ("langVersion", Value::Int(LANG_VERSION)),
        ("storeDir", Value::string(&settings.store_dir)),
        ("nixPath", Value::List(NixList::new(nix_path))),
    ];
    // Nix leaves these out of pure evaluation altogether, so that `builtins ? currentTime`
    // tells whether it may be used.
    if !settings.pure_eval {
        v.push(("currentSystem", Value::string(&settings.system)));
        v.push(("currentTime", Value::Int(settings.current_time)));
    }
    v
}

/// The name a builtin is in scope under, outside `builtins`.
pub fn global_name(name: &str) -> String {
    if GLOBAL_NAMES.contains(&name) || matches!(name, "true" | "false" | "null") {
        name.to_string()
    } else {
        format!("__{name}")
    }
}
