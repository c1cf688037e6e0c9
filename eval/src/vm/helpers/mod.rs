//! The VM's own helpers, written as generators like builtins: they yield requests (force
//! this, call that) instead of recursing, and each keeps an explicit work list, so deep
//! structures never deepen the Rust stack.
//!
//! Each has a synchronous fast path (`equal_now`, `shallow_less`, `concat_plain_strings`)
//! that the bytecode loop tries first; the generator runs only when that path cannot decide.

mod assert_eq;
mod coerce;
mod compare;
mod deep;
mod eq;
mod misc;

pub use assert_eq::assert_eq_failure;
pub use coerce::{add_plain_strings, add_strings, coerce, concat_plain_strings, interpolate};
pub use compare::{less_than, shallow_less};
pub use deep::deep_force;
pub use eq::{equal, finish_equal};
pub use misc::{call_functor, close_names, suggestions, with_lookup};
pub use nixvm_value::compare::equal_now;
pub use nixvm_value::compare::shallow_eq;
