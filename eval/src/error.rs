//! Errors as an embedder sees them: what went wrong ([`ErrorKind`](crate::ErrorKind)),
//! where ([`Location`]), and the text Nix would print.
//!
//! ```
//! use nixvm::{ErrorKind, Evaluator};
//!
//! let ev = Evaluator::new();
//! let e = ev.eval_expr("let s = { a = 1; }; in\n  s.b").unwrap_err();
//! assert!(matches!(e.kind(), ErrorKind::AttributeMissing { name, .. } if name == "b"));
//! let at = e.location().unwrap();
//! assert_eq!((at.file.as_str(), at.line, at.column), ("«string»", 2, 3));
//! assert_eq!(&at.source_text()[..], "s.b");
//! assert!(e.rendered().contains("error: attribute 'b' missing"));
//! ```

use std::sync::Arc;

use codemap::{File, Span};

use crate::RawError;
use crate::sources::Sources;

/// An evaluation error: its kind, its location, its trace, and its rendering as
/// `nix-instantiate` prints it.
///
/// Match on [`kind`](Error::kind) to tell errors apart (a missing attribute, a type error,
/// `throw`, `abort`, a failed assertion, infinite recursion, an interrupt, a limit…); read
/// [`location`](Error::location) for where; show [`rendered`](Error::rendered) to a user.
#[derive(Debug, Clone)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone)]
struct Inner {
    raw: RawError,
    location: Option<Location>,
    trace: Vec<TraceLine>,
    rendered: String,
}

/// Where in a Nix source an error happened (or what a trace line points at).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file's path, or `«string»` for an expression given as text, `«stdin»`, ….
    pub file: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in bytes.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just after the end, in bytes.
    pub end_column: usize,
    /// The byte range in the file.
    pub span: std::ops::Range<usize>,
    source: Arc<File>,
}

impl Location {
    /// The text of the source the location covers.
    pub fn source_text(&self) -> String {
        let src = self.source.source().as_bytes();
        let end = self.span.end.min(src.len());
        String::from_utf8_lossy(&src[self.span.start.min(end)..end]).into_owned()
    }

    /// Resolves a span, if it lies in a file of `sources` that is not the placeholder for
    /// values from no place.
    pub(crate) fn of(sources: &Sources, span: Span) -> Option<Location> {
        let file = sources.file_of(span.low())?;
        if file.name() == "«none»" {
            return None;
        }
        let start = (span.low() - file.span.low()) as usize;
        let end = ((span.high() - file.span.low()) as usize).max(start);
        let starts = file.nix_line_starts();
        let line_of = |offset: usize| match starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let (line, end_line) = (line_of(start), line_of(end));
        Some(Location {
            file: file.name().to_string(),
            line: line + 1,
            column: start - starts[line] + 1,
            end_line: end_line + 1,
            end_column: end - starts[end_line] + 1,
            span: start..end,
            source: file,
        })
    }
}

impl std::fmt::Display for Location {
    /// `file:line:column`, as Nix prints a position.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One line of an error's trace: "while calling 'f'", "while evaluating the attribute 'a'",
/// with where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceLine {
    /// The line's text.
    pub message: String,
    /// Where it points, if anywhere.
    pub location: Option<Location>,
}

impl Error {
    /// Wraps an error of the evaluator with what `sources` knows of its places.
    pub(crate) fn new(inner: RawError, sources: &Sources, show_trace: bool) -> Error {
        let rendered = crate::render::render_error(&inner, sources, show_trace);
        let trace: Vec<TraceLine> = inner
            .trace()
            .iter()
            .filter(|t| !t.message.is_empty())
            .map(|t| TraceLine {
                message: t.message.clone(),
                location: t.span.and_then(|s| Location::of(sources, s)),
            })
            .collect();
        // The error's own position; where Nix gives none, the innermost place evaluation
        // was at, then the innermost trace line that has one.
        let location = [inner.span(), inner.near()]
            .into_iter()
            .flatten()
            .find_map(|s| Location::of(sources, s))
            .or_else(|| trace.iter().find_map(|t| t.location.clone()));
        Error(Box::new(Inner {
            raw: inner,
            location,
            trace,
            rendered,
        }))
    }

    /// What went wrong, to match on.
    pub fn kind(&self) -> &crate::ErrorKind {
        self.0.raw.kind()
    }

    /// The message without position or trace ("undefined variable 'x'").
    pub fn message(&self) -> String {
        self.0.raw.kind().to_string()
    }

    /// Where the error happened: the failing expression, or where Nix gives no position
    /// (an error raised by a builtin) the innermost place evaluation was at. `None` only
    /// for errors with no place in any source: a Rust caller's own mistake, such as asking
    /// for an attribute of a value that is not a set.
    pub fn location(&self) -> Option<&Location> {
        self.0.location.as_ref()
    }

    /// The context lines the error gathered on its way out, innermost first.
    pub fn trace(&self) -> &[TraceLine] {
        &self.0.trace
    }

    /// The whole error as `nix-instantiate` prints it: `error: …`, the trace, the position
    /// and the source excerpt.
    pub fn rendered(&self) -> &str {
        &self.0.rendered
    }

    /// Whether `builtins.tryEval` would catch this error (`throw` and `assert`).
    pub fn is_catchable(&self) -> bool {
        self.0.raw.is_catchable()
    }

    /// The error as the evaluator's builtins see it.
    pub fn raw(&self) -> &RawError {
        &self.0.raw
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.rendered)
    }
}

impl std::error::Error for Error {}
