//! Lowers rnix's concrete syntax tree into the AST Nix's parser would build
//! from the same source, applying the parser's desugaring rules.

use rnix::ast::{self, BinOpKind, HasEntry, UnaryOpKind};
use rnix::{NodeOrToken, SyntaxKind, SyntaxNode};

use super::{AttrDef, AttrName, Attrs, Expr, Lambda, ShowContext};
use crate::syntax::{StrPart, string_parts};

pub(super) fn lower(e: &ast::Expr, ctx: &ShowContext) -> Expr {
    Lowerer { ctx }.expr(e)
}

struct Lowerer<'c, 'a> {
    ctx: &'c ShowContext<'a>,
}

fn var(name: &str) -> Expr {
    Expr::Var(name.to_string())
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// Nix's parser appends an argument to the callee when the callee already is
/// a call node (`(f a) b` becomes `(f a b)`), whatever produced that node:
/// an application, `a - b`, `<p>`, a pipe…
fn make_call(fun: Expr, arg: Expr) -> Expr {
    match fun {
        Expr::Call(f, mut args) => {
            args.push(arg);
            Expr::Call(f, args)
        }
        other => Expr::Call(boxed(other), vec![arg]),
    }
}

/// The underlying node. A generic bound makes rowan's `AstNode::syntax`
/// callable through rnix's re-exported subtrait, sparing a rowan dependency.
fn syntax<N: ast::AstNode>(n: &N) -> &SyntaxNode {
    n.syntax()
}

fn cast<N: ast::AstNode>(n: SyntaxNode) -> Option<N> {
    N::cast(n)
}

/// A piece of a string or path: raw literal text or an interpolation.
enum Part {
    Lit(String),
    Interp(Option<ast::Expr>),
}

/// The pieces of a string or path node. Walked by hand rather than with
/// rnix's `parts()`, which panics on unexpected tokens.
fn parts(node: &SyntaxNode) -> Vec<Part> {
    node.children_with_tokens()
        .filter_map(|child| match child {
            NodeOrToken::Token(t) => match t.kind() {
                SyntaxKind::TOKEN_STRING_CONTENT
                | SyntaxKind::TOKEN_PATH_ABS
                | SyntaxKind::TOKEN_PATH_REL
                | SyntaxKind::TOKEN_PATH_HOME => Some(Part::Lit(t.text().to_string())),
                _ => None,
            },
            NodeOrToken::Node(n) => cast::<ast::Interpol>(n).map(|i| Part::Interp(i.expr())),
        })
        .collect()
}

/// The name of an identifier node. rnix retags the keyword `or` as an
/// identifier where Nix accepts it as one.
fn ident_text(node: &SyntaxNode) -> String {
    node.first_token()
        .map(|t| t.text().to_string())
        .unwrap_or_default()
}

impl Lowerer<'_, '_> {
    fn opt(&self, e: Option<ast::Expr>) -> Expr {
        e.map_or(Expr::Missing, |e| self.expr(&e))
    }

    /// Lowers an expression; the walk recurses as deep as the program nests, through here
    /// (see `crate::parse::deeper`).
    fn expr(&self, e: &ast::Expr) -> Expr {
        crate::parse::deeper(|| self.expr_here(e))
    }

    fn expr_here(&self, e: &ast::Expr) -> Expr {
        use ast::Expr as E;
        match e {
            E::Paren(p) => self.opt(p.expr()),
            E::Root(r) => self.opt(r.expr()),
            E::Error(_) => Expr::Missing,
            E::Literal(l) => self.literal(l),
            E::Ident(i) => match ident_text(syntax(i)).as_str() {
                "__curPos" => Expr::CurPos,
                name => var(name),
            },
            E::CurPos(_) => Expr::CurPos,
            E::Str(s) => self.string(s),
            E::PathAbs(p) => self.path(parts(syntax(p)), PathKind::Abs),
            E::PathRel(p) => self.path(parts(syntax(p)), PathKind::Rel),
            E::PathHome(p) => self.path(parts(syntax(p)), PathKind::Home),
            E::PathSearch(p) => {
                let text = syntax(p).text().to_string();
                let name = text.trim_start_matches('<').trim_end_matches('>');
                Expr::Call(
                    boxed(var("__findFile")),
                    vec![var("__nixPath"), Expr::Str(name.to_string())],
                )
            }
            E::Apply(a) => {
                let fun = self.opt(a.lambda());
                // A trailing `or` after a simple expression (`f or`) is
                // Nix's "cursed or": a fresh call of the expression on the
                // variable `or`, never folded into an existing call node.
                if let Some(E::Ident(arg)) = a.argument()
                    && arg.ident_token().is_some_and(|t| t.text() == "or")
                {
                    return Expr::Call(boxed(fun), vec![var("or")]);
                }
                make_call(fun, self.opt(a.argument()))
            }
            E::Select(s) => Expr::Select(
                boxed(self.opt(s.expr())),
                self.attr_path(s.attrpath()),
                s.default_expr().map(|d| boxed(self.expr(&d))),
            ),
            E::HasAttr(h) => Expr::HasAttr(boxed(self.opt(h.expr())), self.attr_path(h.attrpath())),
            E::AttrSet(s) => {
                let mut attrs = self.bindings(s.entries());
                attrs.rec = s.rec_token().is_some();
                Expr::Attrs(Box::new(attrs))
            }
            E::List(l) => Expr::List(l.items().map(|i| self.expr(&i)).collect()),
            E::Lambda(l) => self.lambda(l),
            E::LetIn(l) => Expr::Let(
                Box::new(self.bindings(l.entries())),
                boxed(self.opt(l.body())),
            ),
            // `let { …; body = e; }` is sugar for `(rec { …; body = e; }).body`.
            E::LegacyLet(l) => {
                let mut attrs = self.bindings(l.entries());
                attrs.rec = true;
                Expr::Select(
                    boxed(Expr::Attrs(Box::new(attrs))),
                    vec![AttrName::Static("body".to_string())],
                    None,
                )
            }
            E::With(w) => Expr::With(boxed(self.opt(w.namespace())), boxed(self.opt(w.body()))),
            E::IfElse(i) => Expr::If(
                boxed(self.opt(i.condition())),
                boxed(self.opt(i.body())),
                boxed(self.opt(i.else_body())),
            ),
            E::Assert(a) => Expr::Assert(boxed(self.opt(a.condition())), boxed(self.opt(a.body()))),
            E::UnaryOp(u) => {
                let operand = self.opt(u.expr());
                match u.operator() {
                    Some(UnaryOpKind::Invert) => Expr::Not(boxed(operand)),
                    // `-e` is `__sub 0 e`.
                    _ => Expr::Call(boxed(var("__sub")), vec![Expr::Int(0), operand]),
                }
            }
            E::BinOp(b) => self.bin_op(b),
        }
    }

    fn literal(&self, l: &ast::Literal) -> Expr {
        let Some(token) = syntax(l).first_token() else {
            return Expr::Missing;
        };
        let text = token.text();
        match token.kind() {
            SyntaxKind::TOKEN_INTEGER => match text.parse::<i64>() {
                Ok(i) => Expr::Int(i),
                Err(_) => Expr::BadInt(text.to_string()),
            },
            SyntaxKind::TOKEN_FLOAT => Expr::Float(parse_float(text)),
            // URLs are plain strings in Nix's AST.
            _ => Expr::Str(text.to_string()),
        }
    }

    fn bin_op(&self, b: &ast::BinOp) -> Expr {
        let l = self.opt(b.lhs());
        let r = self.opt(b.rhs());
        let call = |f: &str, a: Expr, b: Expr| Expr::Call(boxed(var(f)), vec![a, b]);
        let op = |s: &'static str, l: Expr, r: Expr| Expr::BinOp(s, boxed(l), boxed(r));
        match b.operator() {
            Some(BinOpKind::Concat) => op("++", l, r),
            Some(BinOpKind::Update) => op("//", l, r),
            Some(BinOpKind::Add) => Expr::Concat(vec![l, r]),
            Some(BinOpKind::Sub) => call("__sub", l, r),
            Some(BinOpKind::Mul) => call("__mul", l, r),
            Some(BinOpKind::Div) => call("__div", l, r),
            Some(BinOpKind::And) => op("&&", l, r),
            Some(BinOpKind::Or) => op("||", l, r),
            Some(BinOpKind::Implication) => op("->", l, r),
            Some(BinOpKind::Equal) => op("==", l, r),
            Some(BinOpKind::NotEqual) => op("!=", l, r),
            // All comparisons go through `__lessThan`, swapped and/or negated.
            Some(BinOpKind::Less) => call("__lessThan", l, r),
            Some(BinOpKind::More) => call("__lessThan", r, l),
            Some(BinOpKind::LessOrEq) => Expr::Not(boxed(call("__lessThan", r, l))),
            Some(BinOpKind::MoreOrEq) => Expr::Not(boxed(call("__lessThan", l, r))),
            // Pipes are plain applications, folded like `f a b`.
            Some(BinOpKind::PipeRight) => make_call(r, l),
            Some(BinOpKind::PipeLeft) => make_call(l, r),
            None => Expr::Missing,
        }
    }

    fn lambda(&self, l: &ast::Lambda) -> Expr {
        let body = self.opt(l.body());
        let lambda = match l.param() {
            Some(ast::Param::IdentParam(p)) => Lambda {
                arg: p.ident().map(|i| ident_text(syntax(&i))),
                formals: None,
                ellipsis: false,
                body,
            },
            Some(ast::Param::Pattern(p)) => {
                let mut formals: Vec<(String, Option<Expr>)> = p
                    .pat_entries()
                    .map(|entry| {
                        let name = entry
                            .ident()
                            .map(|i| ident_text(syntax(&i)))
                            .unwrap_or_default();
                        (name, entry.default().map(|d| self.expr(&d)))
                    })
                    .collect();
                formals.sort_by(|a, b| a.0.cmp(&b.0));
                Lambda {
                    arg: p
                        .pat_bind()
                        .and_then(|b| b.ident())
                        .map(|i| ident_text(syntax(&i))),
                    formals: Some(formals),
                    ellipsis: p.ellipsis_token().is_some(),
                    body,
                }
            }
            None => Lambda {
                arg: None,
                formals: None,
                ellipsis: false,
                body,
            },
        };
        Expr::Lambda(Box::new(lambda))
    }

    fn attr_path(&self, path: Option<ast::Attrpath>) -> Vec<AttrName> {
        path.map(|p| p.attrs().map(|a| self.attr_name(&a)).collect())
            .unwrap_or_default()
    }

    /// An attribute name is static when it is an identifier or evaluates to
    /// a string literal at parse time: `"a"`, `${"a"}`, `${''a''}`. A string
    /// with any interpolation (even `"${"a"}"`) stays dynamic.
    fn attr_name(&self, attr: &ast::Attr) -> AttrName {
        let e = match attr {
            ast::Attr::Ident(i) => return AttrName::Static(ident_text(syntax(i))),
            ast::Attr::Str(s) => self.string(s),
            ast::Attr::Dynamic(d) => self.opt(d.expr()),
        };
        match e {
            Expr::Str(s) => AttrName::Static(s),
            e => AttrName::Dynamic(e),
        }
    }

    /// Builds the bindings of a set or `let` as Nix's parser does, merging
    /// `a.b = …; a.c = …;` and `a = { … }; a.c = …;` into nested sets.
    fn bindings(&self, entries: impl Iterator<Item = ast::Entry>) -> Attrs {
        let mut attrs = Attrs::default();
        for entry in entries {
            match entry {
                ast::Entry::Inherit(inh) => {
                    // The source expression is kept even when no names follow.
                    let from = inh.from().map(|f| {
                        attrs.inherit_from.push(self.opt(f.expr()));
                        attrs.inherit_from.len() - 1
                    });
                    for attr in inh.attrs() {
                        // Nix rejects dynamic names here; rnix does not.
                        if let AttrName::Static(name) = self.attr_name(&attr) {
                            let def = from.map_or(AttrDef::Inherited, AttrDef::InheritedFrom);
                            attrs.attrs.entry(name).or_insert(def);
                        }
                    }
                }
                ast::Entry::AttrpathValue(av) => {
                    let path = self.attr_path(av.attrpath());
                    add_attr(&mut attrs, path, self.opt(av.value()));
                }
            }
        }
        attrs
    }

    /// Without interpolation a string is one literal (`"a"`, or an indented string that
    /// strips to at most one piece); otherwise Nix builds a concatenation, even of a single
    /// `"${x}"`.
    fn string(&self, s: &ast::Str) -> Expr {
        let parts = string_parts(s);
        let interpolated = parts.iter().any(|p| matches!(p, StrPart::Interp(_)));
        let mut pieces: Vec<Expr> = parts
            .into_iter()
            .map(|p| match p {
                StrPart::Lit(s) => Expr::Str(s),
                StrPart::Interp(e) => self.opt(e),
            })
            .collect();
        if !interpolated && pieces.len() <= 1 {
            return pieces.pop().unwrap_or_else(|| Expr::Str(String::new()));
        }
        Expr::Concat(pieces)
    }

    /// Paths are resolved at parse time: relative ones against the file's
    /// directory and canonicalised, `~/` against the home directory (not
    /// canonicalised). Only the first literal segment is resolved; the rest
    /// of an interpolated path stays raw text in a concatenation.
    fn path(&self, parts: Vec<Part>, kind: PathKind) -> Expr {
        let mut pieces = Vec::with_capacity(parts.len());
        for (idx, part) in parts.into_iter().enumerate() {
            match part {
                Part::Lit(lit) if idx == 0 => {
                    pieces.push(Expr::Path(self.resolve_path(&lit, kind)))
                }
                Part::Lit(lit) => pieces.push(Expr::Str(lit)),
                Part::Interp(e) => pieces.push(self.opt(e)),
            }
        }
        match pieces.len() {
            0 => Expr::Missing,
            1 => pieces.remove(0),
            _ => Expr::Concat(pieces),
        }
    }

    fn resolve_path(&self, literal: &str, kind: PathKind) -> String {
        let mut path = match kind {
            PathKind::Home => {
                return match self.ctx.home {
                    Some(home) => format!("{}{}", home.to_string_lossy(), &literal[1..]),
                    None => literal.to_string(),
                };
            }
            PathKind::Abs => canonical(literal),
            PathKind::Rel => canonical(&format!(
                "{}/{}",
                self.ctx.base_dir.to_string_lossy(),
                literal
            )),
        };
        // A first segment ending in `/` (only possible before `${`) keeps it.
        if literal.len() > 1 && literal.ends_with('/') {
            path.push('/');
        }
        path
    }
}

#[derive(Clone, Copy)]
enum PathKind {
    Abs,
    Rel,
    Home,
}

/// Nix reads floats with `strtod`; Rust's parser agrees on every form the
/// lexer admits (`1.`, `.5`, `1.5e3`), and both round correctly.
fn parse_float(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

/// Adds `path = value` to `attrs`, creating intermediate sets. Nix reports
/// an "already defined" error on clashes; rnix does not, so on a clash the
/// first definition is kept.
fn add_attr(attrs: &mut Attrs, mut path: Vec<AttrName>, value: Expr) {
    let Some(last) = path.pop() else {
        return;
    };
    let mut cur = attrs;
    for name in path {
        cur = match name {
            AttrName::Static(s) => {
                let def = cur
                    .attrs
                    .entry(s)
                    .or_insert_with(|| AttrDef::Plain(Expr::Attrs(Box::default())));
                match def {
                    // An existing set, written literally or made by an
                    // earlier path, is extended in place.
                    AttrDef::Plain(Expr::Attrs(nested)) => nested,
                    _ => return,
                }
            }
            // A dynamic name never merges: each gets a fresh set.
            AttrName::Dynamic(e) => {
                cur.dynamic.push((e, Expr::Attrs(Box::default())));
                match cur.dynamic.last_mut() {
                    Some((_, Expr::Attrs(nested))) => nested,
                    _ => return,
                }
            }
        };
    }
    match last {
        AttrName::Static(s) => add_attr_def(cur, s, AttrDef::Plain(value)),
        AttrName::Dynamic(e) => cur.dynamic.push((e, value)),
    }
}

/// Defines one name; if both the old and the new definition are set
/// literals, merges the new one into the old (whose `rec` flag wins).
fn add_attr_def(attrs: &mut Attrs, name: String, def: AttrDef) {
    let Some(existing) = attrs.attrs.get_mut(&name) else {
        attrs.attrs.insert(name, def);
        return;
    };
    if let (AttrDef::Plain(Expr::Attrs(old)), AttrDef::Plain(Expr::Attrs(new))) = (existing, def) {
        let new = *new;
        // The merged `inherit (e)` sources are appended, so the indices
        // of the incoming definitions shift by the sources already there.
        let offset = old.inherit_from.len();
        for (n, d) in new.attrs {
            let d = match d {
                AttrDef::InheritedFrom(i) => AttrDef::InheritedFrom(i + offset),
                d => d,
            };
            crate::parse::deeper(|| add_attr_def(old, n, d));
        }
        old.dynamic.extend(new.dynamic);
        old.inherit_from.extend(new.inherit_from);
    }
}

/// `path` made canonical as Nix's parser makes path literals.
fn canonical(path: &str) -> String {
    nixvm_value::path::canon_path(path.as_bytes())
        .to_string_lossy()
        .into_owned()
}
