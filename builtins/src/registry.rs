//! The one list of builtins, and the names that are in scope without `builtins.`.

use nixvm_value::host::Settings;
use nixvm_value::{Attr, BuiltinDef, NixAttrs, NixList, Symbol, Value};

use crate::{
    arithmetic, attrs, context, control, flakes, hashing, import, lists, regexes, replace, strings,
    types, versions,
};

/// Every builtin function, by topic. Each topic file lists its own in `ALL`.
pub static GROUPS: &[&[&BuiltinDef]] = &[
    arithmetic::ALL,
    attrs::ALL,
    context::ALL,
    control::ALL,
    flakes::ALL,
    hashing::ALL,
    import::ALL,
    lists::ALL,
    regexes::ALL,
    replace::ALL,
    strings::ALL,
    types::ALL,
    versions::ALL,
];

/// Every builtin function.
pub fn functions() -> impl Iterator<Item = &'static BuiltinDef> {
    GROUPS.iter().flat_map(|g| g.iter().copied())
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
        ("currentSystem", Value::string(&settings.system)),
        ("nixVersion", Value::string(NIX_VERSION)),
        ("langVersion", Value::Int(LANG_VERSION)),
        ("storeDir", Value::string(&settings.store_dir)),
        ("nixPath", Value::List(NixList::new(nix_path))),
    ];
    if !settings.pure_eval {
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
