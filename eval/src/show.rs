//! Prints a parsed expression exactly as current Nix's `Expr::show` does
//! (`nix-instantiate --parse`, and the expressions quoted in messages such as
//! `assertion '(arg == "y")' failed`).
//!
//! Nix prints the expression its parser *built*, not the source: operators
//! are desugared (`a - b` is `(__sub a b)`), nested attribute paths are
//! merged, paths are made absolute and strings are decoded. So the rnix tree
//! is first lowered into a small model of Nix's own AST (`lower`), which is
//! then printed with Nix's fixed parenthesisation.

use std::collections::BTreeMap;
use std::path::Path;

mod lower;

use nixvm_value::fmt::{escape_string, format_float, print_identifier};

/// Context the printer needs that the syntax tree does not hold.
pub struct ShowContext<'a> {
    /// Directory of the file, to resolve relative path literals (`./a` → `/dir/a`), as Nix does at parse time.
    pub base_dir: &'a Path,
    /// For `~/…` paths.
    pub home: Option<&'a Path>,
}

/// Renders `expr` the way Nix's `Expr::show` renders the expression its
/// parser makes of the same source.
pub fn show_expr(expr: &rnix::ast::Expr, ctx: &ShowContext) -> String {
    let lowered = lower::lower(expr, ctx);
    let mut out = String::new();
    lowered.show(&mut out);
    dismantle(lowered);
    out
}

/// Drops an expression without recursing as deep as it nests: the children of each node
/// are moved out before it goes.
fn dismantle(e: Expr) {
    let mut pending = vec![e];
    while let Some(mut e) = pending.pop() {
        e.take_children(&mut pending);
    }
}

impl Expr {
    /// Moves the expressions directly inside this one to `out`.
    fn take_children(&mut self, out: &mut Vec<Expr>) {
        let mut take = |e: &mut Expr| out.push(std::mem::replace(e, Expr::Missing));
        match self {
            Expr::Int(_)
            | Expr::BadInt(_)
            | Expr::Float(_)
            | Expr::Str(_)
            | Expr::Path(_)
            | Expr::Var(_)
            | Expr::CurPos
            | Expr::Missing => {}
            Expr::Select(e, path, default) => {
                take(e);
                for name in path {
                    if let AttrName::Dynamic(n) = name {
                        take(n);
                    }
                }
                if let Some(d) = default {
                    take(d);
                }
            }
            Expr::HasAttr(e, path) => {
                take(e);
                for name in path {
                    if let AttrName::Dynamic(n) = name {
                        take(n);
                    }
                }
            }
            Expr::Attrs(a) | Expr::Let(a, _) => {
                for def in a.attrs.values_mut() {
                    if let AttrDef::Plain(e) = def {
                        take(e);
                    }
                }
                for (n, v) in &mut a.dynamic {
                    take(n);
                    take(v);
                }
                a.inherit_from.iter_mut().for_each(&mut take);
                if let Expr::Let(_, body) = self {
                    take(body);
                }
            }
            Expr::List(items) | Expr::Concat(items) => items.iter_mut().for_each(take),
            Expr::Lambda(l) => {
                if let Some(formals) = &mut l.formals {
                    for (_, d) in formals {
                        if let Some(d) = d {
                            take(d);
                        }
                    }
                }
                take(&mut l.body);
            }
            Expr::Call(f, args) => {
                take(f);
                args.iter_mut().for_each(take);
            }
            Expr::With(a, b) | Expr::Assert(a, b) | Expr::BinOp(_, a, b) => {
                take(a);
                take(b);
            }
            Expr::If(c, t, e) => {
                take(c);
                take(t);
                take(e);
            }
            Expr::Not(e) => take(e),
        }
    }
}

/// Nix's AST after the parser's desugaring, restricted to what printing needs.
#[derive(Debug)]
enum Expr {
    Int(i64),
    /// An integer literal that does not fit in 64 bits (Nix rejects it).
    BadInt(String),
    Float(f64),
    Str(String),
    Path(String),
    Var(String),
    CurPos,
    Select(Box<Expr>, Vec<AttrName>, Option<Box<Expr>>),
    HasAttr(Box<Expr>, Vec<AttrName>),
    Attrs(Box<Attrs>),
    List(Vec<Expr>),
    Lambda(Box<Lambda>),
    /// Function and arguments; Nix folds `f a b` into one call node.
    Call(Box<Expr>, Vec<Expr>),
    Let(Box<Attrs>, Box<Expr>),
    With(Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Assert(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    BinOp(&'static str, Box<Expr>, Box<Expr>),
    /// `+` and string/path interpolation (`ExprConcatStrings`).
    Concat(Vec<Expr>),
    /// Stand-in for a piece missing from an erroneous tree.
    Missing,
}

#[derive(Debug)]
enum AttrName {
    Static(String),
    Dynamic(Expr),
}

#[derive(Debug, Default)]
struct Attrs {
    rec: bool,
    /// `BTreeMap` orders by bytes, which is the order Nix sorts names in
    /// before printing.
    attrs: BTreeMap<String, AttrDef>,
    /// `"${e}" = v;` bindings, in source order.
    dynamic: Vec<(Expr, Expr)>,
    /// The `e` of each `inherit (e) …;`, in source order.
    inherit_from: Vec<Expr>,
}

#[derive(Debug)]
enum AttrDef {
    Plain(Expr),
    Inherited,
    /// Index into `Attrs::inherit_from`.
    InheritedFrom(usize),
}

#[derive(Debug)]
struct Lambda {
    arg: Option<String>,
    /// Sorted by name, as Nix prints them.
    formals: Option<Vec<(String, Option<Expr>)>>,
    ellipsis: bool,
    body: Expr,
}

impl Expr {
    /// Prints the expression; the walk recurses as deep as it nests, through here.
    fn show(&self, out: &mut String) {
        crate::parse::deeper(|| self.show_here(out))
    }

    fn show_here(&self, out: &mut String) {
        match self {
            Expr::Int(i) => out.push_str(&i.to_string()),
            Expr::BadInt(s) => out.push_str(s),
            Expr::Float(f) => out.push_str(&format_float(*f)),
            Expr::Str(s) => out.push_str(&escape_string(s.as_bytes())),
            Expr::Path(p) => out.push_str(p),
            Expr::Var(v) => out.push_str(&print_identifier(v.as_bytes())),
            Expr::CurPos => out.push_str("__curPos"),
            Expr::Select(e, path, def) => {
                out.push('(');
                e.show(out);
                out.push_str(").");
                show_attr_path(path, out);
                if let Some(def) = def {
                    out.push_str(" or (");
                    def.show(out);
                    out.push(')');
                }
            }
            Expr::HasAttr(e, path) => {
                out.push_str("((");
                e.show(out);
                out.push_str(") ? ");
                show_attr_path(path, out);
                out.push(')');
            }
            Expr::Attrs(a) => {
                if a.rec {
                    out.push_str("rec ");
                }
                out.push_str("{ ");
                a.show_bindings(out);
                out.push('}');
            }
            Expr::List(items) => {
                out.push_str("[ ");
                for item in items {
                    out.push('(');
                    item.show(out);
                    out.push_str(") ");
                }
                out.push(']');
            }
            Expr::Lambda(l) => l.show(out),
            Expr::Call(f, args) => {
                out.push('(');
                f.show(out);
                for arg in args {
                    out.push(' ');
                    arg.show(out);
                }
                out.push(')');
            }
            Expr::Let(attrs, body) => {
                out.push_str("(let ");
                attrs.show_bindings(out);
                out.push_str("in ");
                body.show(out);
                out.push(')');
            }
            Expr::With(scope, body) => {
                out.push_str("(with ");
                scope.show(out);
                out.push_str("; ");
                body.show(out);
                out.push(')');
            }
            Expr::If(c, t, e) => {
                out.push_str("(if ");
                c.show(out);
                out.push_str(" then ");
                t.show(out);
                out.push_str(" else ");
                e.show(out);
                out.push(')');
            }
            // The one construct Nix prints without surrounding parentheses.
            Expr::Assert(c, body) => {
                out.push_str("assert ");
                c.show(out);
                out.push_str("; ");
                body.show(out);
            }
            Expr::Not(e) => {
                out.push_str("(! ");
                e.show(out);
                out.push(')');
            }
            Expr::BinOp(op, l, r) => {
                out.push('(');
                l.show(out);
                out.push(' ');
                out.push_str(op);
                out.push(' ');
                r.show(out);
                out.push(')');
            }
            Expr::Concat(parts) => {
                out.push('(');
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" + ");
                    }
                    part.show(out);
                }
                out.push(')');
            }
            Expr::Missing => out.push_str("«error»"),
        }
    }
}

impl Attrs {
    /// Plain `inherit`s first, then one `inherit (e)` per source clause that
    /// still has names, then the static bindings, all sorted by name; the
    /// dynamic bindings last in source order. Every binding ends in `; `.
    fn show_bindings(&self, out: &mut String) {
        let inherited: Vec<&str> = self
            .attrs
            .iter()
            .filter(|(_, d)| matches!(d, AttrDef::Inherited))
            .map(|(n, _)| n.as_str())
            .collect();
        if !inherited.is_empty() {
            out.push_str("inherit");
            for name in inherited {
                out.push(' ');
                out.push_str(&print_identifier(name.as_bytes()));
            }
            out.push_str("; ");
        }

        let mut from_groups: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for (name, def) in &self.attrs {
            if let AttrDef::InheritedFrom(i) = def {
                from_groups.entry(*i).or_default().push(name);
            }
        }
        for (i, names) in from_groups {
            out.push_str("inherit (");
            match self.inherit_from.get(i) {
                Some(e) => e.show(out),
                None => Expr::Missing.show(out),
            }
            out.push(')');
            for name in names {
                out.push(' ');
                out.push_str(&print_identifier(name.as_bytes()));
            }
            out.push_str("; ");
        }

        for (name, def) in &self.attrs {
            if let AttrDef::Plain(e) = def {
                out.push_str(&print_identifier(name.as_bytes()));
                out.push_str(" = ");
                e.show(out);
                out.push_str("; ");
            }
        }

        for (name, value) in &self.dynamic {
            out.push_str("\"${");
            name.show(out);
            out.push_str("}\" = ");
            value.show(out);
            out.push_str("; ");
        }
    }
}

impl Lambda {
    fn show(&self, out: &mut String) {
        out.push('(');
        if let Some(formals) = &self.formals {
            out.push_str("{ ");
            for (i, (name, default)) in formals.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&print_identifier(name.as_bytes()));
                if let Some(d) = default {
                    out.push_str(" ? ");
                    d.show(out);
                }
            }
            if self.ellipsis {
                if !formals.is_empty() {
                    out.push_str(", ");
                }
                out.push_str("...");
            }
            // `{ }: x` thus prints as `({  }: x)`, with two spaces.
            out.push_str(" }");
            if self.arg.is_some() {
                out.push_str(" @ ");
            }
        }
        if let Some(arg) = &self.arg {
            out.push_str(&print_identifier(arg.as_bytes()));
        }
        out.push_str(": ");
        self.body.show(out);
        out.push(')');
    }
}

/// `a.b."${e}"`: static names via `printIdentifier`, dynamic ones quoted.
fn show_attr_path(path: &[AttrName], out: &mut String) {
    for (i, name) in path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        match name {
            AttrName::Static(s) => out.push_str(&print_identifier(s.as_bytes())),
            AttrName::Dynamic(e) => {
                out.push_str("\"${");
                e.show(out);
                out.push_str("}\"");
            }
        }
    }
}

#[cfg(test)]
mod tests;
