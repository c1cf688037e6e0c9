//! The error returned for a pattern that cannot be compiled.

use std::fmt;

/// Why a pattern was rejected. `message` is a short human-readable reason;
/// the evaluator wraps it into its own error ("invalid regular expression").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError {
    pub message: String,
}

impl RegexError {
    /// Message used when the automaton would exceed libstdc++'s state limit.
    /// CppNix reports that case differently ("memory limit exceeded by
    /// regular expression"), so callers need to be able to tell it apart.
    pub const TOO_BIG: &'static str = "regular expression is too big";

    pub(crate) fn new(message: &str) -> RegexError {
        RegexError {
            message: message.to_string(),
        }
    }

    /// True when the pattern was syntactically fine but too large.
    pub fn is_too_big(&self) -> bool {
        self.message == Self::TOO_BIG
    }
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RegexError {}
