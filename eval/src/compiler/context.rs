//! Where errors get their context lines, and the positions Nix gives expressions.
//!
//! Nix adds a context line ("while evaluating a branch condition", "in the left operand of
//! '//'", …) when an error passes out of the evaluation of certain subexpressions, at the
//! position of that subexpression. The compiler records these as op ranges of the lambda
//! being compiled ([`nixvm_value::code::ErrorContext`]); the VM reads them only while an
//! error unwinds.
//!
//! The position Nix gives an expression is not always where its text starts: a binary
//! operator is at its operator, `!e` and `e ? a` are where `e` is, and literals and `let`
//! have none at all. [`Compiler::nix_pos`] follows Nix's rules.

use std::borrow::Cow;

use codemap::Span;
use rnix::ast;
use rowan::ast::AstNode;

use nixvm_value::code::ErrorContext;

use super::{CResult, Compiler, VALUE};

impl<'a> Compiler<'a> {
    /// Runs `f`, which compiles some ops; an error leaving those ops gets the context line
    /// `message` at `span`.
    pub(super) fn in_context<T>(
        &mut self,
        span: Option<Span>,
        message: impl Into<Cow<'static, str>>,
        f: impl FnOnce(&mut Self) -> CResult<T>,
    ) -> CResult<T> {
        self.context_of(span, message.into(), false, f)
    }

    /// Like [`Compiler::in_context`], for the coercion those ops make: the line goes only
    /// to a value that cannot be coerced (see [`ErrorContext::coercion_only`]).
    pub(super) fn in_coercion_context<T>(
        &mut self,
        span: Option<Span>,
        message: impl Into<Cow<'static, str>>,
        f: impl FnOnce(&mut Self) -> CResult<T>,
    ) -> CResult<T> {
        self.context_of(span, message.into(), true, f)
    }

    fn context_of<T>(
        &mut self,
        span: Option<Span>,
        message: Cow<'static, str>,
        coercion_only: bool,
        f: impl FnOnce(&mut Self) -> CResult<T>,
    ) -> CResult<T> {
        let start = self.fs().here();
        let r = f(self)?;
        let end = self.fs().here();
        if end > start {
            self.fs().contexts.push(ErrorContext {
                start,
                end,
                span,
                message,
                coercion_only,
            });
        }
        Ok(r)
    }

    /// Compiles `e` to a value, with the context line `message` at `e`'s position.
    pub(super) fn operand(&mut self, e: &ast::Expr, message: &'static str) -> CResult {
        let at = self.nix_pos(e);
        self.in_context(at, message, |c| c.expr(e, VALUE))
    }

    /// A span from the start of `a` to the start of `b` (for an op whose error may be
    /// about either operand; see `exec::right_operand`).
    pub(super) fn between(&self, a: Span, b: Span) -> Span {
        let base = self.input.file.span.low();
        let (x, y) = (a.low() - base, b.low() - base);
        if x <= y {
            self.input.file.span.subspan(x, y)
        } else {
            b.subspan(0, 0)
        }
    }

    /// A zero-length span at the start of `node`.
    pub(super) fn start_of(&self, node: &rnix::SyntaxNode) -> Span {
        let s = self.span_of(node);
        s.subspan(0, 0)
    }

    /// The span of the operator token of a binary operation.
    pub(super) fn operator_span(&self, b: &ast::BinOp) -> Span {
        let token = b
            .syntax()
            .children_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| ast::BinOpKind::from_kind(t.kind()).is_some());
        match token {
            Some(t) => self.span_at(t.text_range()),
            None => self.span_of(b.syntax()),
        }
    }

    /// The position Nix's parser gives expression `e`, or `None` where it gives none.
    pub(super) fn nix_pos(&self, e: &ast::Expr) -> Option<Span> {
        // Where Nix takes the position of a part, look at that part, without recursing
        // however long the chain (`!!!…x`). Each link of a chain is compiled in turn and
        // asks again: the answer is kept for every link passed, so that a chain is
        // looked through once.
        let key = |e: &ast::Expr| (e.syntax().text_range(), e.syntax().kind());
        let mut links = Vec::new();
        let mut e = e.clone();
        let pos = loop {
            if let Some(known) = self.chain_positions.borrow().get(&key(&e)) {
                break *known;
            }
            let inner = match &e {
                ast::Expr::Paren(p) => p.expr(),
                ast::Expr::Root(r) => r.expr(),
                ast::Expr::List(l) => l.items().next(),
                ast::Expr::HasAttr(h) => h.expr(),
                ast::Expr::UnaryOp(u) if u.operator() == Some(ast::UnaryOpKind::Invert) => u.expr(),
                _ => break self.pos_of_link(&e),
            };
            links.push(key(&e));
            match inner {
                Some(inner) => e = inner,
                None => break None,
            }
        };
        if !links.is_empty() {
            self.chain_positions
                .borrow_mut()
                .extend(links.into_iter().map(|k| (k, pos)));
        }
        pos
    }

    /// The position Nix gives an expression that takes no position from a part of it.
    fn pos_of_link(&self, e: &ast::Expr) -> Option<Span> {
        match e {
            ast::Expr::Literal(_) | ast::Expr::LetIn(_) | ast::Expr::Error(_) => None,
            ast::Expr::Str(s) => {
                if !crate::syntax::is_interpolated(s) {
                    return None;
                }
                // The parts start after the opening quote of a "…" string; an indented
                // string is at its `''`.
                let first = s
                    .syntax()
                    .children_with_tokens()
                    .find(|t| t.kind() != rnix::SyntaxKind::TOKEN_STRING_START);
                match (s.syntax().first_token(), first) {
                    (Some(t), Some(f)) if t.text() == "\"" => {
                        let r = f.text_range();
                        Some(self.span_at(rnix::TextRange::empty(r.start())))
                    }
                    _ => Some(self.start_of(s.syntax())),
                }
            }
            ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) | ast::Expr::PathHome(_) => {
                if super::is_plain_path(e) {
                    None
                } else {
                    Some(self.start_of(e.syntax()))
                }
            }
            ast::Expr::UnaryOp(u) => Some(self.start_of(u.syntax())),
            ast::Expr::BinOp(b) => Some(self.operator_span(b)),
            _ => Some(self.start_of(e.syntax())),
        }
    }
}
