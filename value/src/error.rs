//! The evaluator's one error type: a kind, the span of the failing expression, and the trace
//! of context frames gathered while the error travelled out through the frame stack.
//!
//! Messages follow current Nix word for word where that is reasonable, so that scripts that
//! grep Nix's messages find the same words. Rendering with source lines and carets happens in
//! the evaluator, which owns the source map.

use std::fmt;

use codemap::Span;

use crate::fmt::print_identifier;
use crate::value::ValueType;

/// What went wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorKind {
    /// `throw msg` (catchable by `tryEval`).
    Throw(String),
    /// A failed `assert`; the whole message (catchable by `tryEval`).
    AssertionFailed(String),
    /// `abort msg`.
    Abort(String),
    /// A value of the wrong type: "expected a set but found an integer: 1".
    TypeMismatch {
        /// What was expected, with its article ("a set").
        expected: &'static str,
        /// The type found.
        found: ValueType,
        /// The offending value, printed as error messages print values.
        value: String,
    },
    /// "attempt to call something which is not a function but …".
    NotAFunction {
        /// The type called.
        found: ValueType,
        /// The value called, printed.
        value: String,
    },
    /// "cannot coerce … to a string: …".
    CannotCoerce {
        /// The type that could not be coerced.
        found: ValueType,
        /// The value, printed.
        value: String,
    },
    /// "attribute 'x' missing": selecting an attribute a set does not have.
    AttributeMissing {
        /// The name as it is; the message shows it as Nix shows names (`"a b"` quoted).
        name: String,
        /// Close names, for "Did you mean …?".
        suggestions: Vec<String>,
    },
    /// "undefined variable 'x'".
    UndefinedVariable(String),
    /// A function with formals called without one it requires.
    MissingArgument {
        /// The function, as the message names it (`'f'`, `anonymous lambda`).
        function: String,
        /// The missing argument.
        name: String,
    },
    /// A function with formals (and no `...`) called with one it does not take.
    UnexpectedArgument {
        /// The function, as the message names it.
        function: String,
        /// The unexpected argument.
        name: String,
        /// Close names, for "Did you mean …?".
        suggestions: Vec<String>,
    },
    /// A value that needs itself to be computed ("infinite recursion encountered").
    InfiniteRecursion,
    /// The call depth limit was reached.
    StackOverflow,
    /// Evaluation was stopped from outside, through the evaluator's interrupt handle
    /// ("interrupted by the user", as Nix says on Ctrl-C). Not catchable by `tryEval`.
    Interrupted,
    /// A limit the embedder set on one evaluation was reached. Not catchable by `tryEval`.
    LimitExceeded(Limit),
    /// A value could not be converted between Nix and Rust (the library's serde support):
    /// a function where data was expected, a value that contains itself, a Rust type that
    /// does not fit the Nix value. The message says what and where.
    Conversion(String),
    /// "division by zero".
    DivisionByZero,
    /// Integer overflow in an arithmetic operation; the message says which.
    Overflow(String),
    /// A syntax error or a check the parser makes.
    Parse(String),
    /// Reading a file or directory failed.
    Io(String),
    /// The evaluator's file access refused (pure evaluation); `pathExists` answers `false`
    /// to this, as Nix does to its restricted-path errors.
    Restricted(String),
    /// Evaluation would use more memory than its ceiling allows (not catchable).
    OutOfMemory(nixvm_memory::Exceeded),
    /// A builtin or feature nixvm does not support yet.
    Unsupported(String),
    /// The Nix store (its daemon) failed or refused an operation, or there is none.
    Store(String),
    /// Any other evaluation error, with its whole message.
    Eval(String),
}

impl ErrorKind {
    /// Whether `builtins.tryEval` catches this error.
    pub fn is_catchable(&self) -> bool {
        matches!(self, ErrorKind::Throw(_) | ErrorKind::AssertionFailed(_))
    }

    /// A suggestion Nix prints after the source excerpt ("Did you mean …?").
    pub fn hint(&self) -> Option<String> {
        match self {
            ErrorKind::AttributeMissing { suggestions, .. }
            | ErrorKind::UnexpectedArgument { suggestions, .. } => match suggestions.as_slice() {
                [] => None,
                [one] => Some(format!("Did you mean {one}?")),
                many => Some(format!("Did you mean one of {}?", join_suggestions(many))),
            },
            _ => None,
        }
    }
}

fn join_suggestions(s: &[String]) -> String {
    match s {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Throw(m) => f.write_str(m),
            ErrorKind::AssertionFailed(m) => f.write_str(m),
            ErrorKind::Abort(m) => write!(
                f,
                "evaluation aborted with the following error message: '{m}'"
            ),
            ErrorKind::TypeMismatch {
                expected,
                found,
                value,
            } => write!(
                f,
                "expected {expected} but found {}: {value}",
                found.with_article()
            ),
            ErrorKind::NotAFunction { found, value } => write!(
                f,
                "attempt to call something which is not a function but {}: {value}",
                found.with_article()
            ),
            ErrorKind::CannotCoerce { found, value } => {
                write!(
                    f,
                    "cannot coerce {} to a string: {value}",
                    found.with_article()
                )
            }
            ErrorKind::AttributeMissing { name, .. } => {
                write!(
                    f,
                    "attribute '{}' missing",
                    print_identifier(name.as_bytes())
                )
            }
            ErrorKind::UndefinedVariable(n) => write!(f, "undefined variable '{n}'"),
            ErrorKind::MissingArgument { function, name } => write!(
                f,
                "function {function} called without required argument '{}'",
                print_identifier(name.as_bytes())
            ),
            ErrorKind::UnexpectedArgument { function, name, .. } => write!(
                f,
                "function {function} called with unexpected argument '{}'",
                print_identifier(name.as_bytes())
            ),
            ErrorKind::InfiniteRecursion => f.write_str("infinite recursion encountered"),
            ErrorKind::StackOverflow => f.write_str("stack overflow; max-call-depth exceeded"),
            ErrorKind::Interrupted => f.write_str("interrupted by the user"),
            ErrorKind::LimitExceeded(limit) => write!(f, "{limit}"),
            ErrorKind::DivisionByZero => f.write_str("division by zero"),
            ErrorKind::OutOfMemory(e) => e.fmt(f),
            ErrorKind::Overflow(m)
            | ErrorKind::Parse(m)
            | ErrorKind::Io(m)
            | ErrorKind::Restricted(m)
            | ErrorKind::Unsupported(m)
            | ErrorKind::Store(m)
            | ErrorKind::Conversion(m)
            | ErrorKind::Eval(m) => f.write_str(m),
        }
    }
}

/// A limit on one evaluation, as reported by [`ErrorKind::LimitExceeded`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The step budget: this many steps were allowed.
    Steps(u64),
    /// The wall-clock time allowed.
    Time(std::time::Duration),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Steps(n) => write!(f, "evaluation exceeded its budget of {n} steps"),
            Limit::Time(d) => write!(f, "evaluation exceeded its time limit of {d:?}"),
        }
    }
}

/// One line of context: "while calling 'f'", "from call site", …
#[derive(Clone, Debug, PartialEq)]
pub struct TraceFrame {
    pub span: Option<Span>,
    pub message: String,
    /// Printed even where the trace is truncated (without `--show-trace`), as Nix does for
    /// `builtins.addErrorContext` and the start of an infinite recursion.
    pub always: bool,
}

/// A block of an error's trace that recurs: the `len` frames ending (exclusive) at index
/// `end` of the trace stand for `times + 1` consecutive copies of themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TraceRepeat {
    end: usize,
    len: usize,
    times: u64,
}

/// One step of an error's trace, outermost first (see [`Error::trace_outermost_first`]).
#[derive(Clone, Copy, Debug)]
pub enum TraceStep<'a> {
    Frame(&'a TraceFrame),
    /// The frames just given, from the first of `block` (innermost first) on, occur `times`
    /// more times in a row.
    Again {
        block: &'a [TraceFrame],
        times: u64,
    },
}

#[derive(Clone, Debug)]
struct Inner {
    kind: ErrorKind,
    span: Option<Span>,
    /// Innermost first: frames are added as the error travels outwards.
    trace: Vec<TraceFrame>,
    /// Blocks of `trace` that occur more often than they are stored (the calls of a
    /// tail-recursive loop), by where they end in `trace`.
    repeats: Vec<TraceRepeat>,
    /// The innermost place evaluation was at when the error arose. Shown only when
    /// nothing else in the message has a position: Nix gives a few errors none at all
    /// (`throw` under `addErrorContext`, a missing interpolated path), and a user should
    /// still learn where to look.
    near: Option<Span>,
    /// Further errors found in the same place and reported after this one (the other syntax
    /// errors of a file that does not parse).
    further: Vec<Error>,
}

/// An evaluation error.
#[derive(Clone, Debug)]
pub struct Error(Box<Inner>);

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(Inner {
            kind,
            span: None,
            trace: Vec::new(),
            repeats: Vec::new(),
            near: None,
            further: Vec::new(),
        }))
    }

    pub fn at(kind: ErrorKind, span: Span) -> Error {
        Error::new(kind).with_span(span)
    }

    /// A generic evaluation error with the given message.
    pub fn eval(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Eval(msg.into()))
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    pub fn span(&self) -> Option<Span> {
        self.0.span
    }

    /// Sets the span if the error does not have one yet: the innermost position wins.
    pub fn with_span(mut self, span: Span) -> Error {
        if self.0.span.is_none() {
            self.0.span = Some(span);
        }
        self
    }

    pub fn set_span_if_missing(&mut self, span: Span) {
        if self.0.span.is_none() {
            self.0.span = Some(span);
        }
    }

    /// Records where evaluation was, if no place is recorded yet (see [`Error::near`]).
    pub fn note_near(&mut self, span: Span) {
        if self.0.near.is_none() {
            self.0.near = Some(span);
        }
    }

    /// The innermost place evaluation was at when the error arose, for an error that has
    /// no other position.
    pub fn near(&self) -> Option<Span> {
        self.0.near
    }

    /// Adds a context frame (outside those already there).
    pub fn add_trace(&mut self, span: Option<Span>, message: impl Into<String>) {
        self.0.trace.push(TraceFrame {
            span,
            message: message.into(),
            always: false,
        });
    }

    /// Adds a context frame inside those already there (as the line a failing operation
    /// gives its own error).
    pub fn add_trace_innermost(&mut self, span: Option<Span>, message: impl Into<String>) {
        for r in &mut self.0.repeats {
            r.end += 1;
        }
        self.0.trace.insert(
            0,
            TraceFrame {
                span,
                message: message.into(),
                always: false,
            },
        );
    }

    /// Adds a context frame that is printed even in a truncated trace.
    pub fn add_trace_always(&mut self, span: Option<Span>, message: impl Into<String>) {
        self.0.trace.push(TraceFrame {
            span,
            message: message.into(),
            always: true,
        });
    }

    pub fn with_trace(mut self, span: Option<Span>, message: impl Into<String>) -> Error {
        self.add_trace(span, message);
        self
    }

    /// Says that the last `len` frames added occur `times` more times in a row: the calls
    /// of a loop of tail calls, kept once however long the loop ran.
    pub fn repeat_trace(&mut self, len: usize, times: u64) {
        if len > 0 && times > 0 {
            let end = self.0.trace.len();
            self.0.repeats.push(TraceRepeat { end, len, times });
        }
    }

    /// The context frames, innermost first, each repeated block (see
    /// [`Error::repeat_trace`]) once.
    pub fn trace(&self) -> &[TraceFrame] {
        &self.0.trace
    }

    /// The whole trace, outermost first, with repeated blocks as [`TraceStep::Again`].
    pub fn trace_outermost_first(&self) -> impl Iterator<Item = TraceStep<'_>> {
        let trace = &self.0.trace;
        let repeats = &self.0.repeats;
        let mut i = trace.len();
        // A block's repetitions follow its frames: they are announced once they are given.
        let mut pending: Option<TraceStep<'_>> = None;
        std::iter::from_fn(move || {
            if let Some(step) = pending.take() {
                return Some(step);
            }
            if i == 0 {
                return None;
            }
            i -= 1;
            if let Some(r) = repeats.iter().find(|r| r.end - r.len == i) {
                pending = Some(TraceStep::Again {
                    block: &trace[i..r.end],
                    times: r.times,
                });
            }
            Some(TraceStep::Frame(&trace[i]))
        })
    }

    pub fn is_catchable(&self) -> bool {
        self.0.kind.is_catchable()
    }

    /// Adds an error to report after this one.
    pub fn add_further(&mut self, e: Error) {
        self.0.further.push(e);
    }

    /// The errors to report after this one, in order.
    pub fn further(&self) -> &[Error] {
        &self.0.further
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.kind.fmt(f)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_nix() {
        let e = ErrorKind::TypeMismatch {
            expected: "a set",
            found: ValueType::Int,
            value: "1".into(),
        };
        assert_eq!(e.to_string(), "expected a set but found an integer: 1");
        let e = ErrorKind::UnexpectedArgument {
            function: "'f'".into(),
            name: "y".into(),
            suggestions: vec!["x".into(), "z".into()],
        };
        assert_eq!(
            e.to_string(),
            "function 'f' called with unexpected argument 'y'"
        );
        assert_eq!(e.hint().as_deref(), Some("Did you mean one of x or z?"));
        assert!(ErrorKind::Throw("x".into()).is_catchable());
        assert!(!ErrorKind::Abort("x".into()).is_catchable());
    }
}
