//! Sync builtins with a slow path.
//!
//! A sync builtin gets its strict arguments evaluated, but some builtins must force more
//! than that only in some cases (`map` forces its function only for a non-empty list, `elem`
//! forces the list's elements). Rather than paying for a generator on every call, the sync
//! version handles the common case where everything is already evaluated, and otherwise
//! returns a thunk that applies the generator version, which the VM then forces.

use std::rc::Rc;

use nixvm_value::{BuiltinDef, PartialApp, Thunk, Value};

/// A thunk applying `def` (a generator builtin of the same name) to `args`.
pub fn defer(def: &'static BuiltinDef, args: &[Value]) -> Value {
    debug_assert_eq!(def.arity, args.len());
    let Some((last, init)) = args.split_last() else {
        return Value::Builtin(def);
    };
    let f = if init.is_empty() {
        Value::Builtin(def)
    } else {
        Value::PartialApp(Rc::new(PartialApp {
            def,
            args: init.to_vec(),
        }))
    };
    Value::Thunk(Thunk::new_apply(f, last.clone()))
}

/// The value of `v` if it is evaluated.
pub fn ready(v: &Value) -> Option<Value> {
    let v = v.shallow();
    match v {
        Value::Thunk(_) => None,
        v => Some(v),
    }
}
