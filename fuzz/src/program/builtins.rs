//! Every builtin with the arguments it expects and the type of its value, so that the
//! generator can call each one with plausible arguments (and, now and then, implausible ones).

use super::Ty;

/// What an argument should be for the call to get past the builtin's checks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Arg {
    /// A value of this type.
    T(Ty),
    /// A function of this many arguments whose value has this type.
    Fun(u8, Ty),
    /// A small non-negative integer (a length, an index).
    Small,
    /// The name of an attribute the generator likes to define.
    Name,
    /// A regular expression.
    Regex,
    /// JSON text.
    Json,
    /// TOML text.
    Toml,
    /// A version string (`1.2pre3`).
    Version,
    /// The name of a hash algorithm.
    HashAlgo,
    /// `{ hash = …; toHashFormat = …; }`.
    HashSpec,
    /// A list of strings.
    Strings,
    /// A list of lists.
    Lists,
    /// A list of sets.
    SetList,
    /// A list of `{ name = …; value = …; }`.
    NameValues,
    /// `{ startSet = …; operator = …; }`.
    ClosureSpec,
    /// The attributes of a derivation.
    DrvAttrs,
    /// A flake reference as text.
    FlakeRefText,
    /// A flake reference as attributes.
    FlakeRefAttrs,
    /// A string with a derivation's context.
    DrvString,
}

/// Whether a builtin's value depends only on its arguments.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Class {
    /// Depends only on its arguments.
    Pure,
    /// Computes store paths (the same in every evaluator, without a store).
    Store,
    /// Reads files, the network or the environment: never called by generated programs,
    /// whose value must not depend on the machine.
    Io,
}

pub struct Builtin {
    pub name: &'static str,
    pub args: &'static [Arg],
    pub ty: Ty,
    pub class: Class,
}

use Arg::*;
use Class::*;
use Ty::{Any, Attrs, Bool, Float, Int, List, Path, Str};

const fn b(name: &'static str, args: &'static [Arg], ty: Ty, class: Class) -> Builtin {
    Builtin {
        name,
        args,
        ty,
        class,
    }
}

/// Every builtin function of `builtins` (a test checks that none is missing).
pub const BUILTINS: &[Builtin] = &[
    b("abort", &[T(Str)], Any, Pure),
    b("add", &[T(Int), T(Int)], Int, Pure),
    b("addDrvOutputDependencies", &[DrvString], Str, Store),
    b("addErrorContext", &[T(Str), T(Any)], Any, Pure),
    b("all", &[Fun(1, Bool), T(List)], Bool, Pure),
    b("any", &[Fun(1, Bool), T(List)], Bool, Pure),
    b("appendContext", &[T(Str), T(Attrs)], Str, Store),
    b("attrNames", &[T(Attrs)], List, Pure),
    b("attrValues", &[T(Attrs)], List, Pure),
    b("baseNameOf", &[T(Str)], Str, Pure),
    b("bitAnd", &[T(Int), T(Int)], Int, Pure),
    b("bitOr", &[T(Int), T(Int)], Int, Pure),
    b("bitXor", &[T(Int), T(Int)], Int, Pure),
    b("break", &[T(Any)], Any, Pure),
    b("catAttrs", &[Name, SetList], List, Pure),
    b("ceil", &[T(Float)], Int, Pure),
    b("compareVersions", &[Version, Version], Int, Pure),
    b("concatLists", &[Lists], List, Pure),
    b("concatMap", &[Fun(1, List), T(List)], List, Pure),
    b("concatStringsSep", &[T(Str), Strings], Str, Pure),
    b("convertHash", &[HashSpec], Str, Pure),
    b("deepSeq", &[T(Any), T(Any)], Any, Pure),
    b("derivation", &[DrvAttrs], Attrs, Store),
    b("derivationStrict", &[DrvAttrs], Attrs, Store),
    b("dirOf", &[T(Str)], Str, Pure),
    b("div", &[T(Int), T(Int)], Int, Pure),
    b("elem", &[T(Any), T(List)], Bool, Pure),
    b("elemAt", &[T(List), Small], Any, Pure),
    b("fetchGit", &[T(Str)], Attrs, Io),
    b("fetchMercurial", &[T(Str)], Attrs, Io),
    b("fetchTarball", &[T(Str)], Str, Io),
    b("fetchurl", &[T(Str)], Str, Io),
    b("filter", &[Fun(1, Bool), T(List)], List, Pure),
    b("filterSource", &[Fun(2, Bool), T(Path)], Str, Io),
    b("findFile", &[T(List), T(Str)], Path, Io),
    b("flakeRefToString", &[FlakeRefAttrs], Str, Pure),
    b("floor", &[T(Float)], Int, Pure),
    b("foldl'", &[Fun(2, Any), T(Any), T(List)], Any, Pure),
    b("fromJSON", &[Json], Any, Pure),
    b("fromTOML", &[Toml], Attrs, Pure),
    b("functionArgs", &[Fun(1, Any)], Attrs, Pure),
    b("genList", &[Fun(1, Any), Small], List, Pure),
    b("genericClosure", &[ClosureSpec], List, Pure),
    b("getAttr", &[Name, T(Attrs)], Any, Pure),
    b("getContext", &[DrvString], Attrs, Store),
    b("getEnv", &[T(Str)], Str, Io),
    b("groupBy", &[Fun(1, Str), T(List)], Attrs, Pure),
    b("hasAttr", &[Name, T(Attrs)], Bool, Pure),
    b("hasContext", &[T(Str)], Bool, Pure),
    b("hashFile", &[HashAlgo, T(Path)], Str, Io),
    b("hashString", &[HashAlgo, T(Str)], Str, Pure),
    b("head", &[T(List)], Any, Pure),
    b("import", &[T(Path)], Any, Io),
    b("intersectAttrs", &[T(Attrs), T(Attrs)], Attrs, Pure),
    b("isAttrs", &[T(Any)], Bool, Pure),
    b("isBool", &[T(Any)], Bool, Pure),
    b("isFloat", &[T(Any)], Bool, Pure),
    b("isFunction", &[T(Any)], Bool, Pure),
    b("isInt", &[T(Any)], Bool, Pure),
    b("isList", &[T(Any)], Bool, Pure),
    b("isNull", &[T(Any)], Bool, Pure),
    b("isPath", &[T(Any)], Bool, Pure),
    b("isString", &[T(Any)], Bool, Pure),
    b("length", &[T(List)], Int, Pure),
    b("lessThan", &[T(Int), T(Int)], Bool, Pure),
    b("listToAttrs", &[NameValues], Attrs, Pure),
    b("map", &[Fun(1, Any), T(List)], List, Pure),
    b("mapAttrs", &[Fun(2, Any), T(Attrs)], Attrs, Pure),
    b("match", &[Regex, T(Str)], Any, Pure),
    b("mul", &[T(Int), T(Int)], Int, Pure),
    b("parseDrvName", &[T(Str)], Attrs, Pure),
    b("parseFlakeRef", &[FlakeRefText], Attrs, Pure),
    b("partition", &[Fun(1, Bool), T(List)], Attrs, Pure),
    b("path", &[T(Attrs)], Str, Io),
    b("pathExists", &[T(Path)], Bool, Io),
    b("placeholder", &[T(Str)], Str, Pure),
    b("readDir", &[T(Path)], Attrs, Io),
    b("readFile", &[T(Path)], Str, Io),
    b("readFileType", &[T(Path)], Str, Io),
    b("removeAttrs", &[T(Attrs), Strings], Attrs, Pure),
    b("replaceStrings", &[Strings, Strings, T(Str)], Str, Pure),
    b("scopedImport", &[T(Attrs), T(Path)], Any, Io),
    b("seq", &[T(Any), T(Any)], Any, Pure),
    b("sort", &[Fun(2, Bool), T(List)], List, Pure),
    b("split", &[Regex, T(Str)], List, Pure),
    b("splitVersion", &[Version], List, Pure),
    b("storePath", &[T(Str)], Str, Io),
    b("stringLength", &[T(Str)], Int, Pure),
    b("sub", &[T(Int), T(Int)], Int, Pure),
    b("substring", &[Small, Small, T(Str)], Str, Pure),
    b("tail", &[T(List)], List, Pure),
    b("throw", &[T(Str)], Any, Pure),
    b("toFile", &[T(Str), T(Str)], Str, Store),
    b("toJSON", &[T(Any)], Str, Pure),
    b("toPath", &[T(Str)], Str, Pure),
    b("toString", &[T(Any)], Str, Pure),
    b("toXML", &[T(Any)], Str, Pure),
    b("trace", &[T(Any), T(Any)], Any, Pure),
    b("traceVerbose", &[T(Any), T(Any)], Any, Pure),
    b("tryEval", &[T(Any)], Attrs, Pure),
    b("typeOf", &[T(Any)], Str, Pure),
    b("unsafeDiscardOutputDependency", &[DrvString], Str, Store),
    b("unsafeDiscardStringContext", &[T(Str)], Str, Pure),
    b("unsafeGetAttrPos", &[Name, T(Attrs)], Any, Pure),
    b("warn", &[T(Str), T(Any)], Any, Pure),
    b("zipAttrsWith", &[Fun(2, Any), SetList], Attrs, Pure),
];

/// The values of `builtins` that are not functions, with their types.
pub const CONSTANTS: &[(&str, Ty, Class)] = &[
    ("currentSystem", Str, Pure),
    ("currentTime", Int, Io),
    ("false", Bool, Pure),
    ("langVersion", Int, Pure),
    ("nixPath", List, Io),
    ("nixVersion", Str, Io),
    ("null", Ty::Null, Pure),
    ("storeDir", Str, Pure),
    ("true", Bool, Pure),
];

/// Builtins reachable without `builtins.` (Nix's global names).
pub const GLOBALS: &[&str] = &[
    "abort",
    "baseNameOf",
    "break",
    "derivation",
    "derivationStrict",
    "dirOf",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
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
