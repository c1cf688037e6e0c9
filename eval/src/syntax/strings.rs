//! The value of a string literal in the syntax tree, decoded as Nix's lexer and parser
//! decode it: escapes, CR line ends, and for indented strings the stripping of their
//! indentation. The compiler and `--parse` both read strings through here.
//!
//! The tree splits a string where Nix's lexer does, one content token per lexer token
//! (`tree`), so each token decodes on its own, by the lexer's rules for its kind.

use rnix::ast;
use rnix::{NodeOrToken, SyntaxKind};
use rowan::Language;
use rowan::ast::AstNode;

use super::indent::{Piece, Stripped, strip_indentation};
use super::lexer::unescape;

/// A piece of a string literal: text, or an interpolated expression.
pub(crate) enum StrPart {
    Lit(String),
    Interp(Option<ast::Expr>),
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The value of a piece of a `"…"` string: its text, with escapes and CR line ends
/// decoded where it has any (most have none).
fn plain_string(s: &str) -> String {
    if s.bytes().any(|c| c == b'\\' || c == b'\r') {
        text(unescape(s.as_bytes()))
    } else {
        s.to_string()
    }
}

/// Whether a string literal has interpolations (`string_parts` would give an
/// [`StrPart::Interp`]): whether its node has any interpolation among its children, seen
/// in the green tree, without decoding anything.
pub(crate) fn is_interpolated(s: &ast::Str) -> bool {
    let interpol = rnix::NixLanguage::kind_to_raw(SyntaxKind::NODE_INTERPOL);
    s.syntax()
        .green()
        .children()
        .any(|c| matches!(c, NodeOrToken::Node(n) if n.kind() == interpol))
}

/// The value of a `"…"` string that is one piece of text with nothing to decode (or no
/// text at all), read from the green tree: the common case, which needs no copy before
/// the value is made.
pub(crate) fn plain_text(s: &ast::Str) -> Option<&str> {
    let kind = |t: &rowan::GreenTokenData| rnix::NixLanguage::kind_from_raw(t.kind());
    let mut children = s.syntax().green().children();
    let Some(NodeOrToken::Token(open)) = children.next() else {
        return None;
    };
    if kind(open) != SyntaxKind::TOKEN_STRING_START || open.text() != "\"" {
        return None;
    }
    let text = match children.next()? {
        NodeOrToken::Token(t) if kind(t) == SyntaxKind::TOKEN_STRING_CONTENT => {
            match children.next()? {
                NodeOrToken::Token(end) if kind(end) == SyntaxKind::TOKEN_STRING_END => {}
                _ => return None,
            }
            t.text()
        }
        NodeOrToken::Token(t) if kind(t) == SyntaxKind::TOKEN_STRING_END => "",
        _ => return None,
    };
    let decoded = !text.bytes().any(|c| c == b'\\' || c == b'\r');
    (decoded && children.next().is_none()).then_some(text)
}

/// The pieces of a string literal, decoded; texts may be empty.
pub(crate) fn string_parts(s: &ast::Str) -> Vec<StrPart> {
    let node = s.syntax();
    let indented = node.first_token().is_some_and(|t| t.text() == "''");
    if !indented {
        return node
            .children_with_tokens()
            .filter_map(|child| match child {
                NodeOrToken::Token(t) if t.kind() == SyntaxKind::TOKEN_STRING_CONTENT => {
                    Some(StrPart::Lit(plain_string(t.text())))
                }
                NodeOrToken::Token(_) => None,
                NodeOrToken::Node(n) => ast::Interpol::cast(n).map(|i| StrPart::Interp(i.expr())),
            })
            .collect();
    }
    let mut pieces = Vec::new();
    let mut after_open = true;
    for child in node.children_with_tokens() {
        match child {
            NodeOrToken::Token(t) if t.kind() == SyntaxKind::TOKEN_STRING_CONTENT => {
                // The spaces and line end right after `''` go with it in Nix's lexer.
                let swallowed = after_open && is_opening_line(t.text());
                after_open = false;
                if !swallowed {
                    indented_pieces(t.text().as_bytes(), &mut pieces);
                }
            }
            NodeOrToken::Token(_) => {}
            NodeOrToken::Node(n) => {
                after_open = false;
                if let Some(i) = ast::Interpol::cast(n) {
                    pieces.push(Piece::Interpolation(i.expr()));
                }
            }
        }
    }
    strip_indentation(pieces)
        .into_iter()
        .map(|p| match p {
            Stripped::Text(s) => StrPart::Lit(text(s)),
            Stripped::Interpolation(e) => StrPart::Interp(e),
        })
        .collect()
}

/// Whether `s` is spaces and a line end: what Nix's lexer takes with an opening `''`.
fn is_opening_line(s: &str) -> bool {
    s.trim_start_matches(' ') == "\n"
}

/// The pieces one content token of an indented string stands for, as Nix's lexer makes
/// them: an escape (`''$`, `'''`, `''\x`) or a lone `$` or `'` is a piece that does not
/// count towards the indentation; other text is plain.
fn indented_pieces<T>(token: &[u8], out: &mut Vec<Piece<T>>) {
    let Some(rest) = token.strip_prefix(b"''") else {
        let plain = !matches!(token, b"$" | b"'");
        out.push(Piece::Text(token.to_vec(), plain));
        return;
    };
    let (escape, tail): (Vec<u8>, &[u8]) = match rest.first() {
        Some(b'$') => (b"$".to_vec(), &rest[1..]),
        Some(b'\'') => (b"''".to_vec(), &rest[1..]),
        Some(b'\\') => {
            // Nix's lexer escapes one byte; a token never ends inside a character, so the
            // escape takes the whole character here (its bytes are the same).
            let len = match rest.get(1) {
                Some(0xC0..=0xDF) => 2,
                Some(0xE0..=0xEF) => 3,
                Some(0xF0..=0xFF) => 4,
                _ => 1,
            };
            let end = (1 + len).min(rest.len());
            (unescape(&rest[..end]), &rest[end..])
        }
        _ => (token.to_vec(), &[][..]),
    };
    out.push(Piece::Text(escape, false));
    if !tail.is_empty() {
        out.push(Piece::Text(tail.to_vec(), true));
    }
}
