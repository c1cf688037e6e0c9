//! Values between Nix and Rust, with [serde](https://serde.rs):
//!
//! * [`Evaluator::eval_as`] and [`Val::deserialize`] fill any `Deserialize` type from a
//!   Nix value, forcing only what the type reads (attributes it does not name are left
//!   unevaluated);
//! * a [`Val`] is `Serialize`: it is forced completely as it is written out, so any serde
//!   format (JSON, YAML, TOML, …) can write Nix values;
//! * [`Evaluator::to_value`] turns any `Serialize` Rust value into a Nix value, to pass data
//!   to Nix without printing and parsing it.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Deserialize, Serialize, Debug, PartialEq)]
//! struct Server {
//!     host: String,
//!     port: u16,
//!     #[serde(default)]
//!     tags: Vec<String>,
//! }
//!
//! let ev = nixvm::Evaluator::new();
//! let s: Server = ev.eval_as(r#"{ host = "example.org"; port = 80 * 100; unused = throw "lazy"; }"#).unwrap();
//! assert_eq!(s, Server { host: "example.org".into(), port: 8000, tags: vec![] });
//!
//! // And back: a Rust value as a Nix value, given to a Nix function.
//! let f = ev.eval_expr("s: \"${s.host}:${toString s.port}\"").unwrap();
//! let arg = ev.to_value(&s).unwrap();
//! assert_eq!(f.call([arg]).unwrap().as_str().unwrap(), "example.org:8000");
//! ```
//!
//! How values map:
//!
//! | Nix | Rust (serde data model) |
//! |-----|------|
//! | `null` | unit, `None` |
//! | Boolean | `bool` |
//! | integer | `i64` (and every integer type that holds it) |
//! | float | `f64`, `f32` (an integer converts too) |
//! | string | `String`, `&str` (bytes for a string that is not UTF-8) |
//! | path | `String` (the absolute path) |
//! | list | sequence: `Vec`, tuples, arrays |
//! | set | map with string keys, struct; `{ Variant = …; }` for an enum variant with data |
//! | string | enum unit variant |
//! | function | an error: functions are not data |
//!
//! Writing a Nix value out (`Serialize`), a set with an `outPath` attribute (a derivation,
//! a flake input) is written as its `outPath`, as `builtins.toJSON` does. A value that
//! contains itself (`let x = { a = x; }; in x`) is an error rather than endless output, and
//! so is a value nested more than [`MAX_DEPTH`] levels deep (serde formats recurse).

mod from_nix;
mod ser;
mod to_nix;

use std::fmt;

use codemap::Pos;

use nixvm_value::{ErrorKind, Value};

use crate::RawError;
use crate::error::Error;
use crate::evaluator::Evaluator;
use crate::val::Val;

/// How deep a value may nest to be converted: serde formats and types recurse on the Rust
/// stack, so a deeper (or self-containing) value is an error instead of a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// One step of the path to a value inside another, for messages.
#[derive(Clone, Debug)]
enum Step {
    Attr(String),
    Index(usize),
}

/// An error while converting, with the path to where it happened, innermost step last.
#[derive(Debug)]
pub(crate) struct ConvError {
    message: String,
    /// An evaluation error met while forcing a value on the way.
    eval: Option<Error>,
    /// Where the value that failed was defined, if known.
    pos: Option<Pos>,
    /// Collected from the inside out, so in reverse order.
    path: Vec<Step>,
}

impl ConvError {
    fn new(message: impl Into<String>) -> ConvError {
        ConvError {
            message: message.into(),
            eval: None,
            pos: None,
            path: Vec::new(),
        }
    }

    fn eval(e: Error) -> ConvError {
        ConvError {
            message: String::new(),
            eval: Some(e),
            pos: None,
            path: Vec::new(),
        }
    }

    /// Records where the failing value was defined, if nothing more precise is known yet.
    fn at(mut self, pos: Option<Pos>) -> ConvError {
        if self.pos.is_none() {
            self.pos = pos;
        }
        self
    }

    fn inside(mut self, step: Step) -> ConvError {
        self.path.push(step);
        self
    }

    /// `a.b[0].c`, or an empty string at the top.
    fn path_text(&self) -> String {
        let mut out = String::new();
        for step in self.path.iter().rev() {
            match step {
                Step::Attr(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    let plain = !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "_'-".contains(c))
                        && !name.starts_with(|c: char| c.is_ascii_digit() || c == '-');
                    if plain {
                        out.push_str(name);
                    } else {
                        out.push_str(&format!("{name:?}"));
                    }
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// The error as builtins raise it (the evaluator places and renders it).
    fn into_raw(self) -> RawError {
        if let Some(e) = &self.eval {
            return e.raw().clone();
        }
        let path = self.path_text();
        let message = if path.is_empty() {
            self.message
        } else {
            format!("{} (at '{path}')", self.message)
        };
        RawError::new(ErrorKind::Conversion(message))
    }

    /// The evaluator's error: the evaluation error met, or a conversion error placed
    /// where the failing value was defined.
    fn into_error(self, ev: &Evaluator) -> Error {
        if let Some(e) = self.eval {
            return e;
        }
        let path = self.path_text();
        let message = if path.is_empty() {
            self.message
        } else {
            format!("{} (at '{path}')", self.message)
        };
        let mut e = nixvm_value::Error::new(ErrorKind::Conversion(message));
        if let Some(span) = self.pos.and_then(|p| ev.span_at(p)) {
            e.note_near(span);
        }
        ev.error(e)
    }
}

impl fmt::Display for ConvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.eval {
            Some(e) => f.write_str(&e.message()),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConvError {}

impl serde::de::Error for ConvError {
    fn custom<T: fmt::Display>(msg: T) -> ConvError {
        ConvError::new(msg.to_string())
    }
}

impl serde::ser::Error for ConvError {
    fn custom<T: fmt::Display>(msg: T) -> ConvError {
        ConvError::new(msg.to_string())
    }
}

impl Evaluator {
    /// Evaluates an expression and converts its value into `T` (see [`Val::deserialize`]).
    ///
    /// ```
    /// let ev = nixvm::Evaluator::new();
    /// let v: Vec<(String, i64)> = ev.eval_as(r#"[ [ "a" 1 ] [ "b" 2 ] ]"#).unwrap();
    /// assert_eq!(v, [("a".to_string(), 1), ("b".to_string(), 2)]);
    /// ```
    pub fn eval_as<T: serde::de::DeserializeOwned>(&self, source: &str) -> Result<T, Error> {
        self.eval_expr(source)?.deserialize()
    }

    /// Turns a Rust value into a Nix value (see the [mapping](crate::convert)). Map keys
    /// must be strings (or integers, written in decimal); of equal keys the first wins.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// let ev = nixvm::Evaluator::new();
    /// let v = ev.to_value(&BTreeMap::from([("a", vec![1, 2]), ("b", vec![])])).unwrap();
    /// assert_eq!(v.print(true).unwrap(), "{ a = [ 1 2 ]; b = [ ]; }");
    /// ```
    pub fn to_value<T: serde::Serialize + ?Sized>(&self, value: &T) -> Result<Val<'_>, Error> {
        let v = value
            .serialize(to_nix::ValueSerializer { depth: 0 })
            .map_err(|e| e.into_error(self))?;
        Ok(self.value(v))
    }
}

/// Converts an evaluated value into `T`, without an evaluator: for the arguments of a
/// [Rust builtin](crate::EvaluatorBuilder::builtin), which are evaluated completely before
/// it runs. A part not evaluated is an error; otherwise as [`Val::deserialize`].
pub fn from_nix<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, RawError> {
    T::deserialize(from_nix::Deserializer::new(None, value.clone(), None))
        .map_err(ConvError::into_raw)
}

/// Turns a Rust value into a Nix value, without an evaluator: for the result of a
/// [Rust builtin](crate::EvaluatorBuilder::builtin). Otherwise as [`Evaluator::to_value`].
pub fn to_nix<T: serde::Serialize + ?Sized>(value: &T) -> Result<Value, RawError> {
    value
        .serialize(to_nix::ValueSerializer { depth: 0 })
        .map_err(ConvError::into_raw)
}

impl<'e> Val<'e> {
    /// Converts the value into `T`, forcing what `T` reads: the attributes a struct does
    /// not name stay unevaluated. A function, a value nested too deep, or a value that does
    /// not fit `T` is an error of kind [`ErrorKind::Conversion`] saying where; an error
    /// evaluating a part of the value is that error.
    ///
    /// ```
    /// #[derive(serde::Deserialize, Debug)]
    /// struct Cfg { port: u16 }
    /// let ev = nixvm::Evaluator::new();
    /// let v = ev.eval_expr("{ port = \"eighty\"; }").unwrap();
    /// let e = v.deserialize::<Cfg>().unwrap_err();
    /// assert_eq!(e.message(), "invalid type: string \"eighty\", expected u16 (at 'port')");
    /// assert_eq!(e.location().unwrap().column, 3);
    /// ```
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        let d = from_nix::Deserializer::new(Some(self.evaluator()), self.raw().clone(), self.pos());
        T::deserialize(d).map_err(|e| e.into_error(self.evaluator()))
    }
}
