//! The one way a builtin is declared.
//!
//! ```ignore
//! builtins! {
//!     /// Return the number of elements of a list.
//!     LENGTH = "length"(list) sync strict(0b1) => length;
//!     /// Apply a function to every element of a list.
//!     MAP = "map"(f, list) gen => map;
//! }
//! ```
//!
//! declares `pub static LENGTH: BuiltinDef` calling `fn length(&mut dyn Host, &[Value])`,
//! and `pub static MAP: BuiltinDef` running `async fn map(GenCo, Vec<Value>)` as a generator.
//! A third form, `plan strict(…) => f`, declares a builtin whose `fn plan(&[Value])`
//! returns a [`Plan`](nixvm_value::Plan) for the VM to carry out.

#[macro_export]
macro_rules! builtins {
    () => {};
    (
        $(#[doc = $doc:literal])+
        $id:ident = $name:literal ($($arg:ident),*) sync strict($strict:expr) => $f:path;
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])+
        pub static $id: nixvm_value::BuiltinDef = nixvm_value::BuiltinDef {
            name: $name,
            arity: [$(stringify!($arg)),*].len(),
            args: &[$(stringify!($arg)),*],
            doc: concat!($($doc),+),
            imp: nixvm_value::BuiltinImpl::Sync { strict: $strict, f: $f },
        };
        $crate::builtins!($($rest)*);
    };
    (
        $(#[doc = $doc:literal])+
        $id:ident = $name:literal ($($arg:ident),*) plan strict($strict:expr) => $f:path;
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])+
        pub static $id: nixvm_value::BuiltinDef = nixvm_value::BuiltinDef {
            name: $name,
            arity: [$(stringify!($arg)),*].len(),
            args: &[$(stringify!($arg)),*],
            doc: concat!($($doc),+),
            imp: nixvm_value::BuiltinImpl::Planned { strict: $strict, plan: $f },
        };
        $crate::builtins!($($rest)*);
    };
    (
        $(#[doc = $doc:literal])+
        $id:ident = $name:literal ($($arg:ident),*) gen => $f:path;
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])+
        pub static $id: nixvm_value::BuiltinDef = nixvm_value::BuiltinDef {
            name: $name,
            arity: [$(stringify!($arg)),*].len(),
            args: &[$(stringify!($arg)),*],
            doc: concat!($($doc),+),
            imp: nixvm_value::BuiltinImpl::Gen(|co, args| Box::pin($f(co, args))),
        };
        $crate::builtins!($($rest)*);
    };
}
