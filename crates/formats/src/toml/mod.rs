//! TOML for `builtins.fromTOML`: a TOML 1.0.0 parser written for nixvm,
//! following the behaviour of current Nix (toml11 4.x, spec 1.0.0).
//!
//! Result shape: the document is a [`Data::Object`] whose members keep
//! document order (the evaluator sorts attribute names anyway); arrays
//! of tables are [`Data::List`]s of objects; dates and times are
//! [`Data::Timestamp`]s with normalised text (see `datetime.rs`).  Whether
//! a timestamp is allowed is the caller's decision: without the
//! `parse-toml-timestamps` experimental feature Nix fails the whole call
//! with `while parsing TOML: Dates and times are not supported` (Nix 2.8:
//! `while parsing a TOML string: …`) — after a successful parse, so syntax
//! errors are reported first.  Strings and keys keep NUL bytes; the
//! caller rejects them as Nix does, also after the parse.
//!
//! Where Nix 2.8's bundled toml11 3.7 (the oracle) departs from the spec
//! we follow the spec and current Nix: out-of-range integers and floats
//! are errors rather than saturated, and tables defined by dotted keys or
//! inline values cannot be reopened by headers.

pub use super::data::{Data, TimestampKind};

mod cursor;
mod datetime;
mod parser;
mod scalar;
mod strings;
mod tree;

pub use cursor::TomlError;
pub use parser::parse_toml;

/// Nix's message when a document contains a date or time and the
/// `parse-toml-timestamps` experimental feature is off (Nix prefixes it
/// with `while parsing TOML: `).
pub const TIMESTAMPS_UNSUPPORTED: &str = "Dates and times are not supported";

#[cfg(test)]
mod tests;
