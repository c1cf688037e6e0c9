//! The one list of builtins, and the names that are in scope without `builtins.`.

use nixvm_value::host::Settings;
use nixvm_value::{Attr, BuiltinDef, NixAttrs, NixList, Symbol, Value};

use crate::{
    arithmetic, attrs, control, derivation, environment, fetchers, files, flakes, formats, hashing,
    lists, reflect, store, strings, types,
};

/// Every builtin function, by topic: each `builtins!` block lists its own in `ALL`.
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

/// The builtin functions that exist with these settings.
pub fn enabled_functions(settings: &Settings) -> impl Iterator<Item = &'static BuiltinDef> + '_ {
    functions().filter(|d| d.is_enabled(settings))
}

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

/// The name the constant `name` is in scope under, outside `builtins`: `true`, `false` and
/// `null` under their own, the others as `__name`.
fn constant_scope_name(name: &str) -> String {
    if matches!(name, "true" | "false" | "null") {
        name.to_string()
    } else {
        format!("__{name}")
    }
}

/// The name the builtin or constant called `name` is in scope under, outside `builtins`.
pub fn global_name(name: &str) -> String {
    match functions().find(|d| d.name == name) {
        Some(def) => def.scope_name(),
        None => constant_scope_name(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_builtin_is_registered_once() {
        let mut names: Vec<&str> = functions().map(|d| d.name).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "a name is registered twice");
    }

    #[test]
    fn called_functions_come_first_and_with_more_arguments() {
        for def in functions() {
            for (i, p) in def.params.iter().enumerate() {
                if p.taken == nixvm_value::Taken::Called {
                    assert!(i == 0 && def.arity() >= 2, "{}", def.name);
                }
            }
        }
    }

    #[test]
    fn feature_gated_builtins_exist_only_with_their_feature() {
        let mut settings = Settings::default();
        let enabled = |s: &Settings| enabled_functions(s).map(|d| d.name).collect::<Vec<_>>();
        assert!(!enabled(&settings).contains(&"getFlake"));
        settings.experimental_features.push("flakes".into());
        let with_flakes = enabled(&settings);
        assert!(with_flakes.contains(&"getFlake") && with_flakes.contains(&"fetchTree"));
        assert!(!with_flakes.contains(&"fetchClosure"));
    }

    #[test]
    fn scope_names() {
        assert_eq!(global_name("map"), "map");
        assert_eq!(global_name("length"), "__length");
        assert_eq!(global_name("null"), "null");
        assert_eq!(global_name("nixVersion"), "__nixVersion");
    }
}
