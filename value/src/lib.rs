//! The runtime data model of nixvm.
//!
//! * [`Value`] and the shared data it points to: [`NixString`], [`NixList`], [`NixAttrs`],
//!   [`Closure`], [`Thunk`], builtins;
//! * compiled code ([`code::Lambda`] and its [`code::Op`]s), which closures and thunks run;
//! * the one [`Error`] type;
//! * the generator protocol ([`request`]) through which builtins talk to the VM, and the
//!   [`Host`] services they may use, among them the Nix store ([`EvalStore`]).

#![forbid(unsafe_code)]

pub mod arith;
pub mod attrs;
pub mod builtin;
pub mod closure;
pub mod code;
pub mod coerce;
pub mod compare;
pub mod cycles;
mod drop;
pub mod error;
pub mod expect;
pub mod feature;
pub mod fmt;
pub mod frameless;
pub mod host;
pub mod lint;
pub mod list;
pub mod memory;
pub mod path;
pub mod print;
pub mod reach;
pub mod request;
pub mod store;
pub mod string;
pub mod symbol;
pub mod thunk;
pub mod value;

pub use attrs::{Attr, NixAttrs};
pub use builtin::{
    ArgSet, Body, BuiltinDef, Driver, EachFinish, GenFuture, IntoPlan, NixLambda, Param,
    PartialApp, Plan, Step, StepContext, Taken,
};
pub use closure::{Closure, Upvalues};
pub use error::{Error, ErrorKind, Limit, TraceFrame, TraceStep};
pub use feature::Feature;
pub use host::{
    EvalIO, Extensions, FileStat, FileType, Host, PureIO, RestrictedIO, Settings, SourcePos, StdIO,
};
pub use lint::{LintLevel, LintRule, Lints};
pub use list::NixList;
pub use request::{CallEach, Coercion, Expect, GenCo, Request, Response};
pub use store::{BuildTarget, EvalStore, FileIngestion, NoStore};
pub use string::{ContextElem, NixContext, NixString, StringBuilder};
pub use symbol::Symbol;
pub use thunk::Thunk;
pub use value::{Value, ValueType};

/// Re-exported so that builtins and the VM name the same span and position types.
pub use codemap::{Pos, Span};
