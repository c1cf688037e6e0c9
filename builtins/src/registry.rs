//! The one list of builtins, and the names that are in scope without `builtins.`.

use nixvm_value::host::Settings;
use nixvm_value::{Attr, BuiltinDef, NixAttrs, NixList, Symbol, Value};

use crate::{arithmetic, attrs, control, import, lists, strings, types};

/// Every builtin function.
pub static FUNCTIONS: &[&BuiltinDef] = &[
    // lists
    &lists::LENGTH,
    &lists::HEAD,
    &lists::TAIL,
    &lists::ELEM_AT,
    &lists::MAP,
    &lists::FILTER,
    &lists::FOLDL_STRICT,
    &lists::GEN_LIST,
    &lists::CONCAT_LISTS,
    // attribute sets
    &attrs::ATTR_NAMES,
    &attrs::ATTR_VALUES,
    &attrs::GET_ATTR,
    &attrs::HAS_ATTR,
    &attrs::REMOVE_ATTRS,
    &attrs::LIST_TO_ATTRS,
    &attrs::MAP_ATTRS,
    // strings
    &strings::TO_STRING,
    &strings::CONCAT_STRINGS_SEP,
    // numbers
    &arithmetic::ADD,
    &arithmetic::SUB,
    &arithmetic::MUL,
    &arithmetic::DIV,
    &arithmetic::LESS_THAN,
    // types
    &types::TYPE_OF,
    &types::IS_NULL,
    &types::IS_BOOL,
    &types::IS_INT,
    &types::IS_FLOAT,
    &types::IS_STRING,
    &types::IS_PATH,
    &types::IS_ATTRS,
    &types::IS_LIST,
    &types::IS_FUNCTION,
    // control
    &control::THROW,
    &control::ABORT,
    &control::TRY_EVAL,
    &control::SEQ,
    &control::DEEP_SEQ,
    &control::TRACE,
    // code loading
    &import::IMPORT,
    &import::SCOPED_IMPORT,
    &import::FIND_FILE,
];

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
