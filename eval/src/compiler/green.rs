//! Reading a node's own tokens from the green tree, where the compiler needs no cursor.
//!
//! Every step through rnix's typed API makes a cursor (a red node, allocated and freed) for
//! each element it passes: finding an identifier's name or a set's `rec` visits the node's
//! tokens one by one, a set's whitespace and bindings included. The front end
//! (`syntax::tree`) puts these tokens first in their nodes, so the compiler looks at the
//! node's first green element instead, and falls back to rnix's accessor when it is not the
//! token sought (a tree built otherwise).

use rnix::SyntaxKind::{self, TOKEN_IDENT, TOKEN_L_BRACE, TOKEN_REC};
use rnix::ast;
use rnix::{NixLanguage, NodeOrToken};
use rowan::Language;
use rowan::ast::AstNode;

/// The kind and text of `node`'s first element, if it is a token.
fn first_token(node: &rnix::SyntaxNode) -> Option<(SyntaxKind, &str)> {
    match node.green().children().next() {
        Some(NodeOrToken::Token(t)) => Some((NixLanguage::kind_from_raw(t.kind()), t.text())),
        _ => None,
    }
}

/// The identifier token of an identifier node, from the green tree, if it is where the
/// front end puts it (first).
pub(super) fn ident_token(id: &ast::Ident) -> Option<&rowan::GreenTokenData> {
    match id.syntax().green().children().next() {
        Some(NodeOrToken::Token(t)) if NixLanguage::kind_from_raw(t.kind()) == TOKEN_IDENT => {
            Some(t)
        }
        _ => None,
    }
}

/// The name an identifier node holds (the text of its identifier token), or its text if
/// it has no such token.
pub(super) fn ident_text(id: &ast::Ident) -> std::borrow::Cow<'_, str> {
    if let Some((TOKEN_IDENT, text)) = first_token(id.syntax()) {
        return text.into();
    }
    match id.ident_token() {
        Some(t) => t.text().to_owned().into(),
        None => id.syntax().text().to_string().into(),
    }
}

/// Whether a set literal is `rec`: its `rec` comes before its `{`.
pub(super) fn is_rec(set: &ast::AttrSet) -> bool {
    match first_token(set.syntax()) {
        Some((TOKEN_REC, _)) => true,
        Some((TOKEN_L_BRACE, _)) => false,
        _ => set.rec_token().is_some(),
    }
}

/// The first `N` expressions among `node`'s children (rnix's `lhs`, `rhs`, `lambda`,
/// `argument`, … are the first, second, … of them), found in one pass: each of rnix's
/// accessors walks the children again from the first.
pub(super) fn exprs<const N: usize>(node: &rnix::SyntaxNode) -> [Option<ast::Expr>; N] {
    let mut out = [const { None }; N];
    let mut found = node.children().filter_map(ast::Expr::cast);
    for slot in &mut out {
        *slot = found.next();
        if slot.is_none() {
            break;
        }
    }
    out
}

/// A binding's attribute path and value (rnix's `attrpath` and `value`), found in one
/// pass over its children.
pub(super) fn path_and_value(
    apv: &ast::AttrpathValue,
) -> (Option<ast::Attrpath>, Option<ast::Expr>) {
    let (mut path, mut value) = (None, None);
    for c in apv.syntax().children() {
        if path.is_none()
            && let Some(p) = ast::Attrpath::cast(c.clone())
        {
            path = Some(p);
        } else if value.is_none() {
            value = ast::Expr::cast(c);
        }
        if path.is_some() && value.is_some() {
            break;
        }
    }
    (path, value)
}
