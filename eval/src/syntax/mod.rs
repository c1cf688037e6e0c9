//! Nix's own front end: its lexer and its LALR(1) parser, run on every file before rnix builds
//! the syntax tree the compiler walks, so that what Nix rejects is rejected with Nix's words
//! at Nix's positions, and what Nix warns about is warned about.
//!
//! rnix's parser is a different parser: it accepts some programs Nix rejects, and where both
//! reject a program they seldom agree on the message. This front end decides instead. It
//! reports
//!
//! * syntax errors as Nix's Bison parser words them (`syntax error, unexpected '}',
//!   expecting ';'`), at the token Nix points at;
//! * the lexer's errors (`path has a trailing slash`, `invalid integer '…'`, strings with NUL
//!   bytes, the `|>` operators without their experimental feature);
//! * the checks Nix's grammar actions make: attributes defined twice or both as a value and
//!   as a nested set, duplicate formal arguments, dynamic attributes in `let` and `inherit`,
//!   `~/…` paths in pure evaluation;
//! * the lints (`lint-url-literals`, `lint-short-path-literals`,
//!   `lint-absolute-path-literals`), as warnings or as errors, and the warning about `or`
//!   used as an identifier where its meaning will change;
//!
//! in the order Nix meets them. Nix stops at the first error; this front end reports it
//! exactly as Nix does and then goes on to find the others (see `parser`).

mod attrs;
mod grammar;
mod indent;
// The build script runs the construction of the tables; the library uses its types, and
// its tests the construction, to check what the build script wrote.
#[cfg_attr(not(test), allow(dead_code))]
mod lalr;
mod lexer;
mod parser;
mod tables;
mod token;

use rustc_hash::FxHashMap;

pub use nixvm_value::{LintLevel, Lints};

/// What the front end needs to know besides the text.
pub(crate) struct Options<'a> {
    /// What positions in messages are prefixed with (`«stdin»`, a file's path).
    pub origin: &'a str,
    pub pipe_operators: bool,
    pub pure_eval: bool,
    pub lints: Lints,
}

/// A message about a place in the source (a byte offset).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    pub offset: usize,
    pub message: String,
}

/// A warning: with a position shown as an error's is (the lints), or a plain message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Warning {
    Located(Diagnostic),
    Plain(String),
}

/// What checking a file found: warnings, and errors (the first is Nix's).
#[derive(Debug, Default)]
pub(crate) struct Checked {
    pub warnings: Vec<Warning>,
    pub errors: Vec<Diagnostic>,
    /// Offsets of the CRs that end `#` comments, where rnix's comments run on to the next
    /// LF: rnix should see an LF there.
    pub comment_crs: Vec<usize>,
    /// Where a NUL byte ended the input: Nix ignores what follows.
    pub input_end: Option<usize>,
}

/// Checks a file as Nix's parser would.
pub(crate) fn check(src: &[u8], opts: &Options) -> Checked {
    let mut p = parser::Parser::new(src, opts);
    p.run();
    Checked {
        warnings: std::mem::take(&mut p.warnings),
        errors: std::mem::take(&mut p.errors),
        comment_crs: p.lexer_comment_crs(),
        input_end: p.input_end,
    }
}

impl Options<'_> {
    /// `origin:line:column` of an offset, as Nix shows a position in a message: lines end at
    /// LF, CR LF or CR; columns count bytes from 1.
    pub(crate) fn position_text(&self, src: &[u8], offset: usize) -> String {
        let (line, col) = line_col(src, offset);
        format!("{}:{line}:{col}", self.origin)
    }
}

/// The 1-based line and column of an offset.
pub(crate) fn line_col(src: &[u8], offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut start = 0;
    let mut i = 0;
    let end = offset.min(src.len());
    while i < end {
        match src[i] {
            b'\r' if src.get(i + 1) == Some(&b'\n') => {
                if i + 1 >= end {
                    break;
                }
                i += 2;
                line += 1;
                start = i;
                continue;
            }
            b'\r' | b'\n' => {
                line += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    (line, offset - start + 1)
}

/// Names, numbered in the order they are first met, as Nix's symbol table numbers them:
/// where Nix picks one of several names by its number, so does this.
#[derive(Default)]
pub(crate) struct Symbols {
    ids: FxHashMap<Vec<u8>, u32>,
    names: Vec<Vec<u8>>,
}

impl Symbols {
    pub(crate) fn intern(&mut self, name: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_vec());
        self.ids.insert(name.to_vec(), id);
        id
    }

    pub(crate) fn text(&self, id: u32) -> String {
        String::from_utf8_lossy(&self.names[id as usize]).into_owned()
    }
}

#[cfg(test)]
mod tests;
