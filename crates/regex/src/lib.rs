//! Regular expressions for `builtins.match` and `builtins.split`: POSIX
//! extended syntax on byte strings, with the matches, captures and errors of
//! the libstdc++ `std::regex` engine CppNix uses, but matched by a fixed
//! automaton in O(pattern × text) time instead of by backtracking: a
//! depth-first search that never visits a state twice at one position
//! (`backtrack.rs`) where the pattern allows it, else a Pike VM (`exec.rs`).
//! Whole-string matches first go through a lazily built DFA (`dfa.rs`),
//! which alone decides the ones that fail or have no groups to report; the
//! groups of the others come from one walk guided by a backward pass that
//! knows which states can still reach the end (`live.rs`).
//!
//! Known differences from CppNix (libstdc++):
//! - Long inputs and deeply nested patterns work; libstdc++ recurses per
//!   input byte and per pattern term, and overflows its stack on them.
//! - libstdc++'s searches give up on a greedy loop's exit once going round
//!   again led to any match (`builtins.split "a?(ab)?" "ab"` matches `a`).
//!   That is reproduced with a per-search table of one bit per state and
//!   position; above 2^28 bits (huge pattern × huge text) the table is
//!   skipped and the true longest match is returned instead.
//! - libstdc++ lets a loop whose body matched empty go round once more at
//!   the same position, which shows in captures (`(a*)*` on `aa` captures
//!   the empty string). That is reproduced exactly except when more than 16
//!   combinations of such nested loops meet at one state and position, where
//!   captures (never the overall match) may then differ.
//! - Capture slots cost memory per live thread, so a pattern with thousands
//!   of groups *and* thousands of simultaneously live states needs a lot of
//!   memory (libstdc++ would take exponential time there instead).

#![forbid(unsafe_code)]

mod analyze;
mod api;
mod backtrack;
mod charclass;
mod compile;
mod dfa;
mod error;
mod exec;
mod live;
mod parse;
mod program;
mod reach;

#[cfg(test)]
mod differential;
#[cfg(test)]
mod model;
#[cfg(test)]
mod tests;

pub use api::{Captures, Regex};
pub use error::RegexError;
