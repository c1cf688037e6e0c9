//! How a builtin is declared: its name, arity, documentation and implementation.
//!
//! There are two kinds of implementation:
//!
//! * [`BuiltinImpl::Sync`]: a plain function for builtins that never call back into the VM
//!   (`head`, `substring`, `attrNames`, …). The VM forces the arguments marked strict to weak
//!   head normal form before calling it, so the common call costs no allocation at all.
//! * [`BuiltinImpl::Planned`]: a plain function that returns a [`Plan`]: its value, or an
//!   argument the VM must force before calling it again (`map` forces its function only
//!   when the list is not empty), or a list loop for the VM to run (`filter`, `any`,
//!   `foldl'`: one function applied to each element). None of these needs a generator.
//! * [`BuiltinImpl::Gen`]: an async generator for builtins that need the VM while they run
//!   (`map`'s callback, `sort`'s comparator, `deepSeq`, `import`, …). It yields
//!   [`Request`](crate::request::Request)s and is resumed with the answers; see
//!   `request.rs` for the protocol.

use std::future::Future;
use std::pin::Pin;

use crate::drop::release;
use crate::error::Error;
use crate::host::Host;
use crate::list::NixList;
use crate::request::{CallEach, GenCo};
use crate::value::Value;

/// The future a generator builtin returns.
pub type GenFuture = Pin<Box<dyn Future<Output = Result<Value, Error>>>>;

/// A builtin that runs to completion without the VM's help. Arguments marked strict are in
/// weak head normal form (but may still be `Value::Thunk` wrappers of evaluated values; use
/// [`Value::shallow`] or the `expect_*` helpers).
pub type SyncFn = fn(&mut dyn Host, &[Value]) -> Result<Value, Error>;

/// A builtin written as a generator.
pub type GenFn = fn(GenCo, Vec<Value>) -> GenFuture;

/// A builtin that says what the VM should do for it (see [`Plan`]).
pub type PlanFn = fn(&[Value]) -> Result<Plan, Error>;

/// Computes a loop builtin's value from the list it looped over and the results.
pub type EachFinish = fn(&CallEach, Vec<Value>) -> Value;

/// What a [`BuiltinImpl::Planned`] builtin asks of the VM.
pub enum Plan {
    /// This is the value (a thunk is forced as the call's value).
    Done(Value),
    /// Force argument `i` to weak head normal form, then call the builtin again.
    Force(usize),
    /// Force the elements of the list that is argument `arg`, in order, while `regular`
    /// holds for each forced element, then call the builtin again. The builtin finds every
    /// element evaluated and regular, or an element it must look at more closely (where
    /// its forcing stopped).
    ForceElements {
        arg: usize,
        regular: fn(&Value) -> bool,
    },
    /// Apply a function to each element, checking each result, then finish.
    Each(Box<CallEach>, EachFinish),
    /// `acc = op acc x` for each element of `items`; the value is the last `acc`.
    Fold {
        op: Value,
        acc: Value,
        items: NixList,
    },
    /// Calls decided one at a time by the builtin's own state machine (`sort`'s merges).
    Drive(Box<dyn Driver>),
}

/// A builtin's state machine for [`Plan::Drive`]: the VM makes each call it asks for and
/// hands it the result.
pub trait Driver {
    /// Takes the result of the last call (`None` at the start) and says what comes next.
    fn step(&mut self, result: Option<Value>) -> Result<Step, Error>;
}

/// The line an error gets in its trace while a [`Step`] runs: `describe(subject)`, made
/// only if there is an error (so a step costs no allocation).
pub struct StepContext {
    pub describe: fn(&Value) -> String,
    pub subject: Value,
}

impl StepContext {
    pub fn line(&self) -> String {
        (self.describe)(&self.subject)
    }
}

/// What a [`Driver`] wants next.
pub enum Step {
    /// `f a b`.
    Call2(Value, Value, Value),
    /// `f arg`; an error on the way gets the line `context` makes in its trace.
    Call1 {
        f: Value,
        arg: Value,
        context: Option<StepContext>,
    },
    /// Force `value`; an error on the way gets the line `context` makes in its trace.
    Force {
        value: Value,
        context: Option<StepContext>,
    },
    /// The builtin's value (a thunk is forced as the call's value).
    Done(Value),
}

#[derive(Clone, Copy)]
pub enum BuiltinImpl {
    /// `strict` has bit `i` set when argument `i` must be forced before the call.
    Sync {
        strict: u8,
        f: SyncFn,
    },
    /// Like `Sync`, returning a [`Plan`].
    Planned {
        strict: u8,
        plan: PlanFn,
    },
    Gen(GenFn),
}

/// A builtin function, as registered in the builtins table.
pub struct BuiltinDef {
    /// The name under `builtins` (`"map"`, `"foldl'"`).
    pub name: &'static str,
    pub arity: usize,
    /// Names of the arguments, for documentation.
    pub args: &'static [&'static str],
    /// One line saying what it does.
    pub doc: &'static str,
    pub imp: BuiltinImpl,
}

impl std::fmt::Debug for BuiltinDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "builtin {}", self.name)
    }
}

/// A builtin applied to fewer arguments than its arity.
pub struct PartialApp {
    pub def: &'static BuiltinDef,
    pub args: Vec<Value>,
}

impl Drop for PartialApp {
    fn drop(&mut self) {
        release(std::mem::take(&mut self.args));
    }
}
