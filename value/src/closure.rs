//! Closures: compiled functions together with the variables they captured.
//!
//! Captures are flat: when a closure or thunk is created, the values of the variables its
//! body uses from enclosing scopes are copied into its own upvalue array. Nix values are
//! immutable, so a copy is indistinguishable from a reference; recursive bindings work
//! because what gets copied is the (shared) thunk of the binding.

use std::rc::Rc;

use crate::code::Lambda;
use crate::drop::release;
use crate::value::Value;

/// The captured variables of a closure or thunk.
pub type Upvalues = Rc<[Value]>;

/// Frees an upvalue array without recursion, if this is its last reference.
pub(crate) fn release_upvalues(upvalues: &mut Upvalues) {
    if let Some(slots) = Rc::get_mut(upvalues) {
        release(slots.iter_mut().map(|v| std::mem::replace(v, Value::Null)));
    }
}

/// A function value written in Nix.
pub struct Closure {
    pub lambda: Rc<Lambda>,
    pub upvalues: Upvalues,
}

impl Closure {
    pub fn new(lambda: Rc<Lambda>, upvalues: Upvalues) -> Closure {
        Closure { lambda, upvalues }
    }
}

impl Drop for Closure {
    fn drop(&mut self) {
        release_upvalues(&mut self.upvalues);
    }
}
