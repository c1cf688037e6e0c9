//! nixvm: a lazy evaluator for the [Nix language](https://nix.dev/manual/nix/stable/language/),
//! on a frame-stack VM (evaluation never recurses on the Rust stack).
//!
//! ```
//! let ev = nixvm::Evaluator::new();
//! let v = ev.eval_expr("let f = n: if n == 0 then 0 else n + f (n - 1); in f 10").unwrap();
//! assert_eq!(v.as_int().unwrap(), 55);
//! ```
//!
//! # Presets: making an evaluator
//!
//! * [`Evaluator::new`]: **pure**, the safe default. No file, environment variable, clock
//!   or search path; the result depends on the source text alone.
//! * [`Evaluator::impure`]: what the `nixvm` command (and `nix-instantiate --eval`) does:
//!   files, `getEnv`, `currentTime`, `NIX_PATH` for `<nixpkgs>`, `HOME`, `NIX_STORE_DIR`.
//! * [`EvaluatorBuilder`] for everything in between: start from
//!   [`pure`](EvaluatorBuilder::pure) or [`impure`](EvaluatorBuilder::impure), then add
//!   search path entries, Nix's settings by their own names
//!   ([`setting`](EvaluatorBuilder::setting)`("pure-eval", "true")`, see [`settings`]),
//!   restricted evaluation with its allowed paths and URLs, your own file access
//!   ([`EvalIO`]), a store ([`DaemonStore`]), limits, builtins written in Rust. The `nixvm`
//!   command sets up its evaluator this way too.
//!
//! # Values
//!
//! Evaluating gives a [`Val`]: a value with the evaluator that computes it. Its accessors
//! force it as needed: [`Val::get`] an attribute by name, [`Val::as_int`],
//! [`Val::as_str`], [`Val::as_bool`], …, [`Val::list`] and [`Val::attrs`] iterate. It
//! dereferences to the plain [`Value`] enum, and every evaluator method takes `&self`, so
//! results pass straight on: `ev.call(&f, [x])?.print(true)?`.
//!
//! # Serde: Rust types in and out
//!
//! [`Evaluator::eval_as`] and [`Val::deserialize`] fill any `Deserialize` type (a config
//! struct), forcing only what it reads; a [`Val`] is `Serialize` (write Nix values as JSON,
//! YAML, …); [`Evaluator::to_value`] turns any `Serialize` value into a Nix value. See
//! [`convert`] for the mapping.
//!
//! ```
//! #[derive(serde::Deserialize)]
//! struct Listen { host: String, port: u16 }
//! let ev = nixvm::Evaluator::new();
//! let l: Listen = ev.eval_as(r#"{ host = "::"; port = 8000 + 80; }"#).unwrap();
//! assert_eq!((l.host.as_str(), l.port), ("::", 8080));
//! ```
//!
//! # Scope, functions and builtins
//!
//! [`Evaluator::eval_in_scope`] evaluates with extra variables; [`Val::call`] (or
//! [`Evaluator::call`]) applies a Nix function to arguments made with
//! [`Evaluator::to_value`]; [`EvaluatorBuilder::builtin`] adds a builtin written as a Rust
//! closure, which may keep state, with its documentation line.
//!
//! # Errors
//!
//! Every fallible method returns an [`Error`]: match on its [`kind`](Error::kind) (an
//! [`ErrorKind`]: `AttributeMissing`, `TypeMismatch`, `AssertionFailed`, `Abort`,
//! `Throw`, `InfiniteRecursion`, `Interrupted`, `LimitExceeded`, `Conversion`, …), read its
//! [`location`](Error::location) (file, line, column, byte span) and
//! [`trace`](Error::trace) as data, or show [`rendered`](Error::rendered), the text Nix
//! prints.
//!
//! # Limits and cancellation
//!
//! [`Limits`] bound each evaluation: call depth, a step budget, a wall-clock deadline, a
//! memory ceiling ([`max_memory`](Limits::max_memory): "out of memory" instead of the
//! allocator aborting the process). An [`Interrupt`] handle ([`Evaluator::interrupt_handle`]) stops an evaluation from another
//! thread or a signal handler. Each ends with an error `tryEval` cannot catch, every thunk
//! under evaluation is restored, and the evaluator stays usable. See [`limits`].
//!
//! # Threads and async
//!
//! An [`Evaluator`] and its values stay on the thread that made them (values are reference
//! counted without atomics: neither is `Send`). Evaluators on different threads are
//! independent and run in parallel: what they share (the table of interned names, the
//! definitions of builtins) is read without a lock once a thread has seen a name. From
//! async code, keep an evaluator on a worker thread and send it work; stop it with its
//! [`Interrupt`], which is `Send + Sync`. `examples/worker_thread.rs` shows the whole
//! shape.
//!
//! # Examples
//!
//! `eval/examples/`: `config` (a Nix file into a struct), `untrusted` (hostile input under
//! limits), `call_function` (a Nix function called with Rust data), `rust_builtin`,
//! `worker_thread` (async code and two evaluators). Run one with
//! `cargo run --example NAME`.
//!
//! # Inside
//!
//! The pipeline: source text → syntax tree (`syntax`, `parse`) → compiled [`Lambda`]s
//! (`compiler`) → evaluation on the VM (`vm`), whose builtins live in the `nixvm-builtins`
//! crate and whose data model lives in `nixvm-value`. See `ARCHITECTURE.md`.

#![deny(missing_docs)]

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
mod repl_input;
pub mod settings;
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
    LintLevel, LintRule, Lints, NixAttrs, NixList, NixString, NoStore, PureIO, RestrictedIO,
    Settings, StdIO, Symbol, Value, ValueType,
};

pub use builder::{EvaluatorBuilder, parse_nix_path};
pub use error::{Error, Location, TraceLine};
pub use evaluator::Evaluator;
pub use limits::{Interrupt, Limits};
pub use native::{Args, NativeFn};
pub use repl_input::ReplInput;
pub use store::{DaemonStore, daemon_socket};
pub use val::{AttrsIter, ListIter, Val};
