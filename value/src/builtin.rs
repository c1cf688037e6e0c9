//! How a builtin is declared: its name, parameters, documentation and body.
//!
//! A builtin is written one of two ways ([`Body`]):
//!
//! * a **plain function** of its arguments, its strict ones evaluated first by the VM
//!   (`length`, `substring`, `map`, `filter`). It returns its value, or a [`Plan`] when the
//!   VM must do more: force another argument, force a list's elements, run a list loop or
//!   a state machine of calls, or hand the call to the builtin's generator (its *slow*
//!   path, for the rare call that needs the VM mid-way). The common call costs no
//!   allocation and no generator.
//! * a **generator** (`deepSeq`, `import`, `tryEval`, `toJSON`): an async function that
//!   yields [`Request`](crate::request::Request)s and is resumed with the answers; see
//!   `request.rs` for the protocol. It can do anything, at the price of a boxed future.
//!
//! (A builtin an embedder writes as a Rust closure is a third kind of [`Body`], `Native`:
//! the evaluator runs it, see `nixvm::native`.)
//!
//! Everything else about a builtin — which arguments are strict, which are functions it
//! only calls, whether it is in scope without `builtins.`, which experimental feature it
//! needs — is a field of its one [`BuiltinDef`].

use std::future::Future;
use std::pin::Pin;

use crate::drop::release;
use crate::error::Error;
use crate::feature::Feature;
use crate::host::{Host, Settings};
use crate::list::NixList;
use crate::request::{CallEach, GenCo};
use crate::value::Value;

/// The future a generator builtin returns.
pub type GenFuture = Pin<Box<dyn Future<Output = Result<Value, Error>>>>;

/// A builtin's plain function. Arguments taken [`Taken::Strict`] are in weak head normal
/// form (but may still be `Value::Thunk` wrappers of evaluated values; use
/// [`Value::shallow`] or the `expect_*` helpers).
pub type PlainFn = fn(&mut dyn Host, &[Value]) -> Result<Plan, Error>;

/// A builtin written as a generator.
pub type GenFn = fn(GenCo, Vec<Value>) -> GenFuture;

/// Computes a loop builtin's value from the list it looped over and the results (or the
/// error that there is not memory enough for it).
pub type EachFinish = fn(&CallEach, Vec<Value>) -> Result<Value, Error>;

/// What a builtin's plain function asks of the VM.
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
    /// Run the builtin's slow path (its generator) on the same arguments instead.
    Slow,
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
    /// Run the builtin's slow path (its generator) on these arguments instead.
    Slow(Vec<Value>),
}

/// How a builtin takes one of its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    /// As it is, perhaps unevaluated.
    Lazy,
    /// Evaluated (to weak head normal form) before the builtin's plain function runs.
    Strict,
    /// A function the builtin only calls, never returns, and forces before anything it
    /// builds could hold it (`map`'s `f`): the compiler may make a function literal given
    /// here at once instead of as a thunk, since nothing could tell the difference.
    Called,
}

/// One parameter of a builtin.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// Its name, for documentation.
    pub name: &'static str,
    pub taken: Taken,
}

/// A set of argument positions (a builtin takes at most eight arguments).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArgSet(u8);

impl ArgSet {
    pub const EMPTY: ArgSet = ArgSet(0);

    /// The positions of the parameters taken [`Taken::Strict`].
    pub const fn strict_of(params: &[Param]) -> ArgSet {
        assert!(params.len() <= 8, "a builtin takes at most eight arguments");
        let mut bits = 0u8;
        let mut i = 0;
        while i < params.len() {
            if matches!(params[i].taken, Taken::Strict) {
                bits |= 1 << i;
            }
            i += 1;
        }
        ArgSet(bits)
    }

    /// Just position `i`.
    pub const fn one(i: usize) -> ArgSet {
        ArgSet(1 << i)
    }

    #[inline]
    pub const fn contains(self, i: usize) -> bool {
        i < 8 && self.0 & (1 << i) != 0
    }

    #[inline]
    pub const fn union(self, other: ArgSet) -> ArgSet {
        ArgSet(self.0 | other.0)
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// What a builtin runs.
#[derive(Clone, Copy)]
pub enum Body {
    /// A plain function of the arguments, its strict ones evaluated, saying what comes
    /// next (most often just its value). `slow` is the generator it hands a call to with
    /// [`Plan::Slow`] when that call needs the VM's help (an argument to coerce through
    /// `__toString`, list elements `==` must compare).
    Plain { f: PlainFn, slow: Option<GenFn> },
    /// A generator, for a builtin that needs the VM while it runs.
    Gen(GenFn),
    /// A builtin an embedder wrote as a Rust closure. The closure is per evaluator, so the
    /// definition only says which of the evaluator's closures it is: the VM runs the
    /// evaluator's generator for such builtins, with this number as an extra first
    /// argument.
    Native(u32),
}

/// A builtin function, as registered in the builtins table: everything the VM, the
/// compiler and the documentation know about it.
pub struct BuiltinDef {
    /// The name under `builtins` (`"map"`, `"foldl'"`).
    pub name: &'static str,
    pub params: &'static [Param],
    /// The parameters taken [`Taken::Strict`].
    pub strict: ArgSet,
    /// What it says it does.
    pub doc: &'static str,
    pub body: Body,
    /// In scope under its own name too (`map`), not only as `builtins.name` and `__name`.
    pub global: bool,
    /// Experimental features of which one must be on for the builtin to exist (none: it
    /// always exists).
    pub needs: &'static [Feature],
    /// Errors passing out of a call get no "while calling the '…' builtin" line: the
    /// builtin adds its own (`addErrorContext`).
    pub traced: bool,
    /// In Nix, a function written in the Nix language rather than a primop (`derivation`):
    /// the value shows and reflects as that lambda does.
    pub lambda: Option<&'static NixLambda>,
}

/// What Nix shows of a builtin that it defines as a function of a Nix file of its own
/// (`derivation`): printed as a lambda, with formals for `functionArgs` and `toXML`.
#[derive(Debug)]
pub struct NixLambda {
    /// The file the function is in, as current Nix shows it in messages.
    pub shown_file: &'static str,
    /// That file's path, as `toXML` gives it.
    pub path: &'static str,
    pub line: usize,
    pub column: usize,
    /// The name its `@` pattern binds.
    pub bind: Option<&'static str>,
    /// Its formals, sorted by name, each with whether it has a default.
    pub formals: &'static [(&'static str, bool)],
    /// Whether its pattern ends with `...`.
    pub ellipsis: bool,
}

impl BuiltinDef {
    /// A builtin that runs `f`.
    pub const fn plain(
        name: &'static str,
        params: &'static [Param],
        doc: &'static str,
        f: PlainFn,
    ) -> BuiltinDef {
        BuiltinDef::new(name, params, doc, Body::Plain { f, slow: None })
    }

    /// A builtin that runs the generator `g`. Its parameters are all lazy or called: a
    /// generator forces what it needs itself.
    pub const fn generator(
        name: &'static str,
        params: &'static [Param],
        doc: &'static str,
        g: GenFn,
    ) -> BuiltinDef {
        assert!(
            ArgSet::strict_of(params).is_empty(),
            "a generator forces its arguments itself"
        );
        BuiltinDef::new(name, params, doc, Body::Gen(g))
    }

    const fn new(
        name: &'static str,
        params: &'static [Param],
        doc: &'static str,
        body: Body,
    ) -> BuiltinDef {
        BuiltinDef {
            name,
            params,
            strict: ArgSet::strict_of(params),
            doc,
            body,
            global: false,
            needs: &[],
            traced: true,
            lambda: None,
        }
    }

    /// A builtin an embedder wrote in Rust (see [`Body::Native`]): its arguments are lazy
    /// (the evaluator evaluates them before the closure runs).
    pub const fn native(
        name: &'static str,
        params: &'static [Param],
        doc: &'static str,
        id: u32,
    ) -> BuiltinDef {
        BuiltinDef::new(name, params, doc, Body::Native(id))
    }

    /// With `g` as the generator its plain function hands slow calls to.
    pub const fn slow(mut self, g: GenFn) -> BuiltinDef {
        let Body::Plain { f, .. } = self.body else {
            panic!("only a plain function has a slow path")
        };
        self.body = Body::Plain { f, slow: Some(g) };
        self
    }

    /// In scope under its own name.
    pub const fn global(mut self) -> BuiltinDef {
        self.global = true;
        self
    }

    /// Exists only when one of `features` is on.
    pub const fn needs(mut self, features: &'static [Feature]) -> BuiltinDef {
        self.needs = features;
        self
    }

    /// Adds its own context lines to errors instead of the usual one.
    pub const fn untraced(mut self) -> BuiltinDef {
        self.traced = false;
        self
    }

    /// Is, in Nix, the function `lambda` of a Nix file (see [`NixLambda`]).
    pub const fn written_in_nix(mut self, lambda: &'static NixLambda) -> BuiltinDef {
        self.lambda = Some(lambda);
        self
    }

    #[inline]
    pub fn arity(&self) -> usize {
        self.params.len()
    }

    /// Whether argument `i` is a function the builtin only calls (see [`Taken::Called`]).
    pub fn calls_argument(&self, i: usize) -> bool {
        self.params.get(i).is_some_and(|p| p.taken == Taken::Called)
    }

    /// Whether the builtin exists with these settings.
    pub fn is_enabled(&self, settings: &Settings) -> bool {
        self.needs.is_empty() || self.needs.iter().any(|f| settings.has(*f))
    }

    /// How current Nix shows it: `«primop map»`, or as a lambda for one written in Nix.
    pub fn shown(&self) -> String {
        match self.lambda {
            Some(l) => format!("«lambda @ {}:{}:{}»", l.shown_file, l.line, l.column),
            None => format!("«primop {}»", self.name),
        }
    }

    /// The name it is in scope under outside `builtins`: its own, or `__name`.
    pub fn scope_name(&self) -> String {
        if self.global {
            self.name.to_string()
        } else {
            format!("__{}", self.name)
        }
    }
}

impl std::fmt::Debug for BuiltinDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "builtin {}", self.name)
    }
}

/// What a builtin's plain function may return: its value, or a [`Plan`].
pub trait IntoPlan {
    fn into_plan(self) -> Result<Plan, Error>;
}

impl IntoPlan for Result<Value, Error> {
    #[inline]
    fn into_plan(self) -> Result<Plan, Error> {
        self.map(Plan::Done)
    }
}

impl IntoPlan for Result<Plan, Error> {
    #[inline]
    fn into_plan(self) -> Result<Plan, Error> {
        self
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
