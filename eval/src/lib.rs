//! nixvm: a lazy evaluator for the Nix language on a frame-stack VM.
//!
//! ```
//! let ev = nixvm::Evaluator::new();
//! let v = ev.eval_expr("let f = n: if n == 0 then 0 else n + f (n - 1); in f 10").unwrap();
//! assert_eq!(v.as_int().unwrap(), 55);
//! ```
//!
//! The pipeline: source text → syntax tree (`syntax`, `parse`) → compiled [`Lambda`]s
//! (`compiler`) → evaluation on the VM (`vm`), whose builtins live in the `nixvm-builtins`
//! crate and whose data model lives in `nixvm-value`. See `ARCHITECTURE.md`.
//!
//! An [`Evaluator`] is pure by default: files and the environment are off limits unless you
//! give it an [`EvalIO`] that allows them or start from the impure preset
//! ([`Evaluator::impure`]), and it writes nothing to a Nix store unless you give it one that
//! does (`Evaluator::builder().store(DaemonStore::connect_default()?)`).

mod builder;
mod compiler;
pub mod convert;
mod error;
mod evaluator;
mod host;
pub mod limits;
mod native;
mod parse;
mod render;
mod show;
mod sources;
mod store;
mod syntax;
mod val;
mod vm;

pub mod output;

/// Names close to a name that was not found, as Nix suggests them ("Did you mean …?").
pub use crate::vm::helpers::close_names;
pub use nixvm_value::code::Lambda;
pub use nixvm_value::host::SearchPathEntry;
pub use nixvm_value::{
    Attr, BuildTarget, Error as RawError, ErrorKind, EvalIO, EvalStore, FileIngestion, Limit,
    LintLevel, Lints, NixAttrs, NixList, NixString, NoStore, PureIO, RestrictedIO, Settings, StdIO,
    Symbol, Value, ValueType,
};

pub use builder::{EvaluatorBuilder, parse_nix_path};
pub use error::{Error, Location, TraceLine};
pub use evaluator::Evaluator;
pub use limits::{Interrupt, Limits};
pub use native::{Args, NativeFn};
pub use store::{DaemonStore, daemon_socket};
pub use val::{AttrsIter, ListIter, Val};
