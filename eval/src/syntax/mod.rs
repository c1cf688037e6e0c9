//! Nix's own front end: its lexer and its LALR(1) parser, which read every file once and
//! build the syntax tree the compiler walks (rnix's tree, shaped by Nix's grammar), so that
//! what Nix accepts is accepted, what Nix rejects is rejected with Nix's words at Nix's
//! positions, and what Nix warns about is warned about.
//!
//! It reports
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
//! exactly as Nix does and then goes on to find the others (see `parser`). Nothing here
//! recurses: the parser keeps its own stack, and the tree is built bottom-up (`tree`).
//! String literals are decoded here too (`strings`), for the compiler and for `--parse`.

// The rules whose value is their one element's, unchanged (`expr: expr_function`): reducing
// one only changes the parser's state, and the tree gets no node for it. A pattern, for the
// parser's and the tree's matches on rules.
macro_rules! passes_value {
    () => {
        $crate::syntax::grammar::Rule::Expr
            | $crate::syntax::grammar::Rule::StartExpr
            | $crate::syntax::grammar::Rule::PassIf
            | $crate::syntax::grammar::Rule::PassPipeFrom
            | $crate::syntax::grammar::Rule::PassPipeInto
            | $crate::syntax::grammar::Rule::PassOp
            | $crate::syntax::grammar::Rule::PassApp
            | $crate::syntax::grammar::Rule::PassSimple
            | $crate::syntax::grammar::Rule::BindsFrom1
    };
}

mod attrs;
mod grammar;
mod indent;
// The build script runs the construction of the tables; the library uses its types, and
// its tests the construction, to check what the build script wrote.
#[cfg_attr(not(test), allow(dead_code))]
mod lalr;
mod lexer;
mod parser;
mod strings;
mod tables;
mod token;
mod tree;

pub(crate) use strings::{StrPart, is_interpolated, plain_text, string_parts};
pub(crate) use tree::Tree;

use std::borrow::Cow;

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

/// What a parser reads: text, from which it builds the syntax tree, or bytes that are not
/// all UTF-8, which it only checks (Nix reads files as bytes; the tree holds text).
#[derive(Clone, Copy)]
pub(crate) enum Input<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

/// What parsing a file found: warnings, errors (the first is Nix's), and the tree.
#[derive(Default)]
pub(crate) struct Parsed {
    pub warnings: Vec<Warning>,
    pub errors: Vec<Diagnostic>,
    /// The syntax tree of a program that parses, when it was read as text.
    pub tree: Option<Tree>,
}

/// What a text is read as: Nix's parser has two start symbols.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Goal {
    /// A program: one expression.
    Expr,
    /// A line typed at the REPL, as bindings (`x = 1; inherit (a) b;`); with `semicolon`, as
    /// if a `;` followed it (Nix's REPL tries the line as typed, then so).
    ReplBindings { semicolon: bool },
}

/// Parses a file (or what `goal` says) as Nix's parser would.
pub(crate) fn parse(input: Input, opts: &Options, goal: Goal) -> Parsed {
    let (src, text) = match input {
        Input::Text(t) => (t.as_bytes(), Some(t)),
        Input::Bytes(b) => (b, None),
    };
    let mut p = parser::Parser::new(src, text, opts);
    if let Goal::ReplBindings { semicolon } = goal {
        p.repl_bindings(semicolon);
    }
    p.run();
    Parsed {
        warnings: std::mem::take(&mut p.warnings),
        errors: std::mem::take(&mut p.errors),
        tree: p.tree.take().map(tree::TreeBuilder::finish),
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
/// where Nix picks one of several names by its number, so does this. A name from the source
/// text is held as a slice of it; only a name decoded from a string is copied.
#[derive(Default)]
pub(crate) struct Symbols<'a> {
    ids: FxHashMap<Cow<'a, [u8]>, u32>,
    /// The names by number.
    names: Vec<Cow<'a, [u8]>>,
}

impl<'a> Symbols<'a> {
    /// A table for a text of `len` bytes: sized for its names, so that it seldom grows.
    pub(crate) fn for_text(len: usize) -> Symbols<'a> {
        let capacity = len / 128;
        Symbols {
            ids: FxHashMap::with_capacity_and_hasher(capacity, Default::default()),
            names: Vec::with_capacity(capacity),
        }
    }

    /// The number of a name in the source text (or any text that lives as long).
    pub(crate) fn intern_text(&mut self, name: &'a [u8]) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        self.add(Cow::Borrowed(name))
    }

    /// The number of a name made while parsing (a string's value).
    pub(crate) fn intern(&mut self, name: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        self.add(Cow::Owned(name.to_vec()))
    }

    fn add(&mut self, name: Cow<'a, [u8]>) -> u32 {
        let id = self.names.len() as u32;
        self.names.push(name.clone());
        self.ids.insert(name, id);
        id
    }

    pub(crate) fn text(&self, id: u32) -> String {
        String::from_utf8_lossy(&self.names[id as usize]).into_owned()
    }

    /// The name as Nix's messages show it: quoted unless it reads as an identifier.
    pub(crate) fn shown(&self, id: u32) -> String {
        nixvm_value::fmt::print_identifier(&self.names[id as usize])
    }
}

#[cfg(test)]
mod tests;
