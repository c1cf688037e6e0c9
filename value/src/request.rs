//! The protocol between generators and the VM.
//!
//! Builtins that need the VM while they run, and the VM's own helpers (deep forcing,
//! equality, comparison, string coercion), are async generators. Instead of calling the VM
//! (which would recurse on the Rust stack), they yield a [`Request`] and are resumed with a
//! [`Response`]. The VM answers by pushing frames on its own frame stack, so Nix programs of
//! any depth never deepen the Rust stack.
//!
//! | Request                    | Response             | The VM…                                           |
//! |----------------------------|----------------------|---------------------------------------------------|
//! | `Force(v)`                 | `Value`              | forces `v` to weak head normal form               |
//! | `DeepForce(v)`             | `Value`              | forces `v` and everything in it (cycles are fine) |
//! | `Call(f, args)`            | `Value`              | applies `f` to `args` in turn, result in WHNF     |
//! | `Call1(f, a)`, `Call2(f, a, b)` | `Value`         | the same without allocating an argument vector    |
//! | `CallEach(each)`           | `Values`             | applies a function to each element of a list, in order, checking each result |
//! | `Fold(op, acc, list)`      | `Value`              | `acc = op acc x` for each element, in order       |
//! | `Coerce(v, coercion)`      | `String`             | coerces `v` to a string (`__toString`, `outPath`) |
//! | `Equal(a, b)`              | `Bool`               | compares with `==` semantics                      |
//! | `LessThan(a, b)`           | `Bool`               | compares with `<` semantics                       |
//! | `TryForce(v)`              | `Value` or `Caught`  | forces `v`; a catchable error is handed back      |
//! | `ForceOrError(v)`          | `Value` or `Caught`  | forces `v`; any error is handed back              |
//! | `ForceWithTrace(v, msg)`   | `Value`              | forces `v`; an error passing out gets `msg()` added |
//! | `Import(path, scope)`      | `Value`              | evaluates a file (cached), `scope` for `scopedImport` |
//! | `Host(f)`                  | `Host`               | runs `f` with the [`Host`] and hands back what it returns |
//! | `CallDepthLeft`            | `Value`              | says how many more calls `max-call-depth` allows  |
//! | `InContext(req, frames)`   | as `req`             | answers `req`; an error passing out gets `frames` |
//! | `Catching(req)`            | as `req`, or `Caught`| answers `req`; any error raised meanwhile is handed back |
//! | `At(req, site)`            | as `req`             | answers `req` as if asked from `site`             |
//!
//! An error raised while answering a request does not resume the generator, except for
//! `TryForce`, `ForceOrError` and `Catching`: the VM unwinds past it. So the typed helpers
//! on [`GenCo`] return plain values. `Catching` is for generators that add their own
//! context to every error (`toJSON` says which attribute it was printing) and then fail
//! with it.

use std::any::Any;
use std::cmp::Ordering;
use std::path::PathBuf;

use codemap::Span;

use crate::attrs::NixAttrs;
use crate::error::{Error, TraceFrame};
use crate::host::Host;
use crate::list::NixList;
use crate::string::NixString;
use crate::value::Value;

/// How a value is turned into a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coercion {
    /// `builtins.toString` also accepts numbers, Booleans, null and lists; interpolation
    /// does not.
    pub more: bool,
    /// Whether a path is copied to the store (interpolation) or kept as its text
    /// (`toString`).
    pub copy_to_store: bool,
    /// To a path (Nix's `coerceToPath`): the string must be absolute, and an error in the
    /// value reached through `__toString` and `outPath` gets this context line first.
    pub path: Option<&'static str>,
}

impl Coercion {
    /// `"${x}"`.
    pub const INTERPOLATION: Coercion = Coercion {
        more: false,
        copy_to_store: true,
        path: None,
    };
    /// `builtins.toString x`.
    pub const TO_STRING: Coercion = Coercion {
        more: true,
        copy_to_store: false,
        path: None,
    };
    /// Builtins that take a string or a path as text (`baseNameOf`, `readFile`, …).
    pub const PLAIN: Coercion = Coercion {
        more: false,
        copy_to_store: false,
        path: None,
    };

    /// To an absolute path, with `context` for what the path is for.
    pub const fn to_path(context: &'static str) -> Coercion {
        Coercion {
            more: false,
            copy_to_store: false,
            path: Some(context),
        }
    }
}

/// Makes a context line, only when an error needs it (printing values is costly).
pub type TraceFn = Box<dyn FnOnce() -> String>;

/// What a result of [`Request::CallEach`] must be, checked as each one comes back, so that
/// a bad result fails before the next element is even tried (as a loop in the builtin
/// would).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Anything,
    Bool,
    List,
}

/// `f x` for each `x` of `items`, in order: the loop of `filter`, `any`, `concatMap`, …
/// run by the VM itself, so that the generator is resumed once per list rather than once
/// per element.
pub struct CallEach {
    pub f: Value,
    pub items: NixList,
    pub expect: Expect,
    /// The context line of an error about a result of the wrong type.
    pub context: &'static str,
    /// Stop after the first result equal to this Boolean (`any`, `all`).
    pub stop_at: Option<bool>,
}

/// A closure run by the VM with access to the host; what it returns goes back to the
/// generator as it is.
pub type HostFn = Box<dyn FnOnce(&mut dyn Host) -> Box<dyn Any>>;

/// What a generator asks of the VM.
pub enum Request {
    Force(Value),
    DeepForce(Value),
    Call(Value, Vec<Value>),
    Call1(Value, Value),
    Call2(Value, Value, Value),
    CallEach(Box<CallEach>),
    Fold(Value, Value, NixList),
    Coerce(Value, Coercion),
    Equal(Value, Value),
    LessThan(Value, Value),
    TryForce(Value),
    ForceOrError(Value),
    ForceWithTrace(Value, TraceFn),
    Import(PathBuf, Option<NixAttrs>),
    Host(HostFn),
    /// How many more calls `max-call-depth` allows: a builtin that walks a nested value
    /// counts its nesting against it, as Nix's recursion does.
    CallDepthLeft,
    /// Another request, whose failure gets these context lines (innermost first), as
    /// Nix's builtins add "while evaluating …" to errors of the values they evaluate.
    InContext(Box<Request>, Vec<TraceFrame>),
    Catching(Box<Request>),
    /// Another request, made from this place in the source (none: from no place): the call
    /// site of a function the evaluator calls itself (`__toString`, the lazy applications
    /// of `genList` or `zipAttrsWith`), which Nix puts where the function is.
    At(Box<Request>, Option<Span>),
}

/// The VM's answer.
pub enum Response {
    Value(Value),
    /// The results of `CallEach`, in order (fewer than the items if it stopped early).
    Values(Vec<Value>),
    Bool(bool),
    String(NixString),
    /// An error handed back, for `TryForce`, `ForceOrError` and `Catching`.
    Caught(Error),
    /// What the closure of a `Host` request returned.
    Host(Box<dyn Any>),
}

/// Yields a request and waits for a value. Written as a macro rather than an async helper:
/// every nested async function is one more state machine to build and poll on each
/// request, and requests are frequent.
macro_rules! ask_value {
    ($co:expr, $req:expr) => {
        match $co.0.yield_($req).await {
            Response::Value(v) => v,
            _ => unreachable!("the VM answers this request with a value"),
        }
    };
}

/// Yields a request and waits for a Boolean (answered at once, or computed by a helper
/// frame and delivered as its value).
macro_rules! ask_bool {
    ($co:expr, $req:expr) => {
        match $co.0.yield_($req).await {
            Response::Bool(b) | Response::Value(Value::Bool(b)) => b,
            _ => unreachable!("the VM answers this request with a Boolean"),
        }
    };
}

/// The generator side of the protocol, with one typed helper per request.
pub struct GenCo(genawaiter::rc::Co<Request, Response>);

impl GenCo {
    pub fn new(co: genawaiter::rc::Co<Request, Response>) -> GenCo {
        GenCo(co)
    }

    /// Forces `v` to weak head normal form.
    pub async fn force(&self, v: Value) -> Value {
        if let Value::Thunk(t) = &v {
            if let Some(v) = t.value() {
                return v;
            }
        } else {
            return v;
        }
        ask_value!(self, Request::Force(v))
    }

    /// Forces `v` completely.
    pub async fn deep_force(&self, v: Value) -> Value {
        ask_value!(self, Request::DeepForce(v))
    }

    /// Applies `f` to `args`; the result is in weak head normal form.
    pub async fn call(&self, f: Value, args: Vec<Value>) -> Value {
        ask_value!(self, Request::Call(f, args))
    }

    /// `f x` for each `x` of `items`, each result checked against `expect` (with `context`
    /// as the error's context line); stops after a result equal to `stop_at`.
    pub async fn call_each(
        &self,
        f: Value,
        items: NixList,
        expect: Expect,
        context: &'static str,
        stop_at: Option<bool>,
    ) -> Vec<Value> {
        let req = Request::CallEach(Box::new(CallEach {
            f,
            items,
            expect,
            context,
            stop_at,
        }));
        match self.0.yield_(req).await {
            Response::Values(v) => v,
            _ => unreachable!("the VM answers CallEach with values"),
        }
    }

    /// `foldl' op acc items`: the accumulator after applying `op` to each element in turn.
    pub async fn fold(&self, op: Value, acc: Value, items: NixList) -> Value {
        ask_value!(self, Request::Fold(op, acc, items))
    }

    /// `f a`.
    pub async fn call1(&self, f: Value, a: Value) -> Value {
        ask_value!(self, Request::Call1(f, a))
    }

    /// `f a b`.
    pub async fn call2(&self, f: Value, a: Value, b: Value) -> Value {
        ask_value!(self, Request::Call2(f, a, b))
    }

    /// Coerces `v` to a string.
    pub async fn coerce(&self, v: Value, how: Coercion) -> NixString {
        if let Value::String(s) = v.shallow() {
            return s;
        }
        match self.0.yield_(Request::Coerce(v, how)).await {
            Response::String(s) | Response::Value(Value::String(s)) => s,
            _ => unreachable!("the VM answers a coercion with a string"),
        }
    }

    /// `a == b`.
    pub async fn equal(&self, a: Value, b: Value) -> bool {
        ask_bool!(self, Request::Equal(a, b))
    }

    /// `a < b`.
    pub async fn less_than(&self, a: Value, b: Value) -> bool {
        ask_bool!(self, Request::LessThan(a, b))
    }

    /// Compares with `<` in both directions.
    pub async fn compare(&self, a: Value, b: Value) -> Ordering {
        if self.less_than(a.clone(), b.clone()).await {
            Ordering::Less
        } else if self.less_than(b, a).await {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }

    /// Forces `v`, handing back a catchable error instead of unwinding.
    pub async fn try_force(&self, v: Value) -> Result<Value, Error> {
        match self.0.yield_(Request::TryForce(v)).await {
            Response::Value(v) => Ok(v),
            Response::Caught(e) => Err(e),
            _ => unreachable!("the VM answers TryForce with a value or an error"),
        }
    }

    /// [`GenCo::force_or_error`] from `site` (none: from no place in the source).
    pub async fn force_or_error_at(&self, v: Value, site: Option<Span>) -> Result<Value, Error> {
        let force = Request::At(Box::new(Request::ForceOrError(v)), site);
        match self.0.yield_(force).await {
            Response::Value(v) => Ok(v),
            Response::Caught(e) => Err(e),
            _ => unreachable!("the VM answers a force with a value or an error"),
        }
    }

    /// Forces `v`, handing back any error (catchable or not), for a builtin that adds to
    /// it and raises it again (`addErrorContext`).
    pub async fn force_or_error(&self, v: Value) -> Result<Value, Error> {
        if let Value::Thunk(t) = &v {
            if let Some(v) = t.value() {
                return Ok(v);
            }
        } else {
            return Ok(v);
        }
        match self.0.yield_(Request::ForceOrError(v)).await {
            Response::Value(v) => Ok(v),
            Response::Caught(e) => Err(e),
            _ => unreachable!("the VM answers ForceOrError with a value or an error"),
        }
    }

    /// Forces `v`; if that fails, the error gets `message` as a context line (without a
    /// position, like the lines Nix's builtins add).
    pub async fn force_with_trace(&self, v: Value, message: String) -> Value {
        self.force_with_lazy_trace(v, move || message).await
    }

    /// Like [`GenCo::force_with_trace`], but the context line is only made if `v` fails.
    pub async fn force_with_lazy_trace(
        &self,
        v: Value,
        message: impl FnOnce() -> String + 'static,
    ) -> Value {
        if let Value::Thunk(t) = &v {
            if let Some(v) = t.value() {
                return v;
            }
        } else {
            return v;
        }
        ask_value!(self, Request::ForceWithTrace(v, Box::new(message)))
    }

    /// Forces `v`; an error passing out gets the context lines `frames`, innermost first.
    pub async fn force_in(&self, v: Value, frames: Vec<TraceFrame>) -> Value {
        if let Value::Thunk(t) = &v {
            if let Some(v) = t.value() {
                return v;
            }
        } else {
            return v;
        }
        ask_value!(
            self,
            Request::InContext(Box::new(Request::Force(v)), frames)
        )
    }

    /// Coerces `v` to a string; an error passing out gets the context lines `frames`.
    pub async fn coerce_in(&self, v: Value, how: Coercion, frames: Vec<TraceFrame>) -> NixString {
        if let Value::String(s) = v.shallow() {
            return s;
        }
        let req = Request::InContext(Box::new(Request::Coerce(v, how)), frames);
        match self.0.yield_(req).await {
            Response::String(s) | Response::Value(Value::String(s)) => s,
            _ => unreachable!("the VM answers a coercion with a string"),
        }
    }

    /// Applies `f` to `args`; an error passing out gets the context lines `frames`.
    pub async fn call_in(&self, f: Value, args: Vec<Value>, frames: Vec<TraceFrame>) -> Value {
        ask_value!(
            self,
            Request::InContext(Box::new(Request::Call(f, args)), frames)
        )
    }

    /// [`GenCo::force_catching`] from no place in the source, as Nix's builtins force the
    /// values they find inside their arguments (`noPos`): a lazy application forced so has
    /// no call site.
    pub async fn force_catching_from_nowhere(&self, v: Value) -> Result<Value, Error> {
        if let Value::Thunk(t) = &v {
            if let Some(v) = t.value() {
                return Ok(v);
            }
        } else {
            return Ok(v);
        }
        let force = Request::At(Box::new(Request::Force(v)), None);
        match self.0.yield_(Request::Catching(Box::new(force))).await {
            Response::Value(v) => Ok(v),
            Response::Caught(e) => Err(e),
            _ => unreachable!("the VM answers a force with a value or an error"),
        }
    }

    /// Forces `v`, handing back any error (catchable or not) instead of unwinding, so that
    /// the caller can add context to it before failing.
    pub async fn force_catching(&self, v: Value) -> Result<Value, Error> {
        if let Value::Thunk(t) = &v {
            if let Some(v) = t.value() {
                return Ok(v);
            }
        } else {
            return Ok(v);
        }
        match self
            .0
            .yield_(Request::Catching(Box::new(Request::Force(v))))
            .await
        {
            Response::Value(v) => Ok(v),
            Response::Caught(e) => Err(e),
            _ => unreachable!("the VM answers a force with a value or an error"),
        }
    }

    /// Applies `f` to `args`, handing back any error instead of unwinding.
    pub async fn call_catching(&self, f: Value, args: Vec<Value>) -> Result<Value, Error> {
        match self
            .0
            .yield_(Request::Catching(Box::new(Request::Call(f, args))))
            .await
        {
            Response::Value(v) => Ok(v),
            Response::Caught(e) => Err(e),
            _ => unreachable!("the VM answers a call with a value or an error"),
        }
    }

    /// Applies `f` to `args` from `site`, handing back any error instead of unwinding.
    pub async fn call_at_catching(
        &self,
        f: Value,
        args: Vec<Value>,
        site: Span,
    ) -> Result<Value, Error> {
        let call = Request::At(Box::new(Request::Call(f, args)), Some(site));
        match self.0.yield_(Request::Catching(Box::new(call))).await {
            Response::Value(v) => Ok(v),
            Response::Caught(e) => Err(e),
            _ => unreachable!("the VM answers a call with a value or an error"),
        }
    }

    /// Coerces `v` to a string, handing back any error instead of unwinding.
    pub async fn coerce_catching(&self, v: Value, how: Coercion) -> Result<NixString, Error> {
        if let Value::String(s) = v.shallow() {
            return Ok(s);
        }
        match self
            .0
            .yield_(Request::Catching(Box::new(Request::Coerce(v, how))))
            .await
        {
            Response::String(s) | Response::Value(Value::String(s)) => Ok(s),
            Response::Caught(e) => Err(e),
            _ => unreachable!("the VM answers a coercion with a string or an error"),
        }
    }

    /// Evaluates a file.
    pub async fn import(&self, path: PathBuf, scope: Option<NixAttrs>) -> Value {
        ask_value!(self, Request::Import(path, scope))
    }

    /// How many more nested calls `max-call-depth` allows from here.
    pub async fn call_depth_left(&self) -> usize {
        match self.0.yield_(Request::CallDepthLeft).await {
            Response::Value(Value::Int(n)) => usize::try_from(n).unwrap_or(0),
            _ => unreachable!("the VM answers with a number"),
        }
    }

    /// Runs `f` with the host, and returns what it returns (errors included, for the
    /// generator to add context to or recover from).
    pub async fn host<T: 'static>(&self, f: impl FnOnce(&mut dyn Host) -> T + 'static) -> T {
        let f: HostFn = Box::new(move |h| Box::new(f(h)));
        match self.0.yield_(Request::Host(f)).await {
            Response::Host(r) => *r
                .downcast::<T>()
                .expect("the VM hands back what the closure returned"),
            _ => unreachable!("the VM answers a host request with its result"),
        }
    }

    /// Where the builtin running this generator was called (see [`Host::call_site`]): the
    /// site its lazy applications carry.
    pub async fn call_site(&self) -> Option<Span> {
        self.host(|h| h.call_site()).await
    }
}
