//! The one way a builtin is declared.
//!
//! ```ignore
//! builtins! {
//!     /// Return the number of elements of a list.
//!     LENGTH = "length"(list: strict) => length;
//!     /// Apply a function to every element of a list.
//!     MAP = "map"(f: called, list: strict) => map, global;
//!     /// Return true if `x` is equal to some element of the list `xs`.
//!     ELEM = "elem"(x, xs: strict) => elem, gen elem_forcing;
//!     /// Force `e1` completely, then return `e2`.
//!     DEEP_SEQ = "deepSeq"(e1, e2) => gen deep_seq;
//! }
//! ```
//!
//! declares one `pub static NAME: BuiltinDef` per line, and `pub static ALL` listing them
//! all for the registry. A parameter is lazy, `strict` (evaluated before the plain function
//! runs) or `called` (a function only called; see [`Taken`](nixvm_value::Taken)). The body
//! is a plain function `fn(&mut dyn Host, &[Value])` returning its value or a
//! [`Plan`](nixvm_value::Plan); a generator `async fn(GenCo, Vec<Value>)` after `gen`; or
//! both, the generator being the plain function's slow path. After the body come options:
//! `global` (in scope without `builtins.`), `needs(Feature, …)` (exists only with one of
//! these experimental features), `untraced` (adds its own error context),
//! `written_in_nix(LAMBDA)` (a function of a Nix file in Nix, shown as that
//! [`NixLambda`](nixvm_value::NixLambda)).

#[macro_export]
macro_rules! builtins {
    (@taken) => { nixvm_value::Taken::Lazy };
    (@taken strict) => { nixvm_value::Taken::Strict };
    (@taken called) => { nixvm_value::Taken::Called };
    (@params $($arg:ident $(: $how:ident)?),*) => {
        &[$(nixvm_value::Param {
            name: stringify!($arg),
            taken: $crate::builtins!(@taken $($how)?),
        }),*]
    };
    // The options, one at a time: `needs` takes features, `written_in_nix` a `NixLambda`.
    (@options $def:expr,) => { $def };
    (@options $def:expr, needs($($arg:ident),+), $($rest:tt)*) => {
        $crate::builtins!(@options $def.needs(&[$(nixvm_value::Feature::$arg),+]), $($rest)*)
    };
    (@options $def:expr, written_in_nix($lambda:ident), $($rest:tt)*) => {
        $crate::builtins!(@options $def.written_in_nix(&$lambda), $($rest)*)
    };
    (@options $def:expr, $opt:ident, $($rest:tt)*) => {
        $crate::builtins!(@options $def.$opt(), $($rest)*)
    };
    (@gen $g:path) => { |co, args| Box::pin($g(co, args)) };
    (@plain $f:path) => { |host, args| nixvm_value::IntoPlan::into_plan($f(host, args)) };
    // One definition, then the rest.
    (@def [$($ids:ident)*] [$($doc:literal),+] $id:ident $def:expr, [$($opts:tt)*] $($rest:tt)*) => {
        $(#[doc = $doc])+
        pub static $id: nixvm_value::BuiltinDef = $crate::builtins!(@options $def, $($opts)*);
        $crate::builtins!(@all [$($ids)* $id] $($rest)*);
    };
    (@all [$($id:ident)*]) => {
        /// The builtins of this file, for the registry.
        pub static ALL: &[&nixvm_value::BuiltinDef] = &[$(&$id),*];
    };
    // `=> gen g`: a generator.
    (@all $ids:tt $(#[doc = $doc:literal])+ $id:ident = $name:literal ($($p:tt)*)
        => gen $g:path $(, $opt:ident $(($($arg:ident),+))?)*; $($rest:tt)*
    ) => {
        $crate::builtins!(@def $ids [$($doc),+] $id nixvm_value::BuiltinDef::generator(
            $name, $crate::builtins!(@params $($p)*), concat!($($doc),+), $crate::builtins!(@gen $g),
        ), [$($opt $(($($arg),+))?,)*] $($rest)*);
    };
    // `=> f, gen g`: a plain function with a generator for its slow path.
    (@all $ids:tt $(#[doc = $doc:literal])+ $id:ident = $name:literal ($($p:tt)*)
        => $f:path, gen $g:path $(, $opt:ident $(($($arg:ident),+))?)*; $($rest:tt)*
    ) => {
        $crate::builtins!(@def $ids [$($doc),+] $id nixvm_value::BuiltinDef::plain(
            $name, $crate::builtins!(@params $($p)*), concat!($($doc),+), $crate::builtins!(@plain $f),
        ).slow($crate::builtins!(@gen $g)), [$($opt $(($($arg),+))?,)*] $($rest)*);
    };
    // `=> f`: a plain function.
    (@all $ids:tt $(#[doc = $doc:literal])+ $id:ident = $name:literal ($($p:tt)*)
        => $f:path $(, $opt:ident $(($($arg:ident),+))?)*; $($rest:tt)*
    ) => {
        $crate::builtins!(@def $ids [$($doc),+] $id nixvm_value::BuiltinDef::plain(
            $name, $crate::builtins!(@params $($p)*), concat!($($doc),+), $crate::builtins!(@plain $f),
        ), [$($opt $(($($arg),+))?,)*] $($rest)*);
    };
    ($($defs:tt)*) => {
        $crate::builtins!(@all [] $($defs)*);
    };
}
