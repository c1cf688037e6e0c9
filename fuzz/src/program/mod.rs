//! A generator of well-formed Nix programs, driven by the fuzzer's bytes.
//!
//! It writes one expression, choosing at each step (from [`Source`]) among the constructs
//! of the language — `let`, `rec`, `with`, `inherit`, formals with defaults and `@`
//! patterns, interpolation in strings, indented strings and paths, selection with `or`,
//! `?`, every operator — and calls of every builtin ([`builtins::BUILTINS`]). It keeps
//! track of the type each expression should have, so that most programs get past the type
//! checks to the interesting part; now and then it puts a value of another type instead,
//! so that the checks are exercised too. Names in scope are tracked with their types.
//!
//! Sizes are bounded (depth, a budget of nodes, small lengths), so a generated program is
//! small and, except where it calls itself, quick to evaluate.

pub mod builtins;
mod pools;

use std::fmt::Write as _;

use super::source::Source;
use builtins::{Arg, BUILTINS, CONSTANTS, Class, GLOBALS};

/// The type the generator wants an expression to have.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ty {
    Any,
    Int,
    Float,
    Bool,
    Str,
    Path,
    List,
    Attrs,
    Fn,
    Null,
}

const CONCRETE: &[Ty] = &[
    Ty::Int,
    Ty::Float,
    Ty::Bool,
    Ty::Str,
    Ty::Path,
    Ty::List,
    Ty::Attrs,
    Ty::Fn,
    Ty::Null,
];

/// What the generator may use.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Builtins never called.
    pub skip_builtins: Vec<String>,
    /// Whether builtins that read files, the network or the environment may be called.
    pub io: bool,
    /// Whether integers and lengths may be huge (a program may then ask for more memory
    /// than there is).
    pub huge: bool,
}

/// Deepest nesting of expressions.
const MAX_DEPTH: u32 = 7;
/// Most expressions in one program.
const MAX_NODES: u32 = 400;

/// Writes the program `data` describes.
pub fn generate(data: &[u8], opts: &Options) -> String {
    let mut g = Gen {
        src: Source::new(data),
        opts,
        out: String::new(),
        scope: Vec::new(),
        depth: 0,
        nodes: MAX_NODES,
        fresh: 0,
    };
    let ty = *g.src.pick(CONCRETE);
    g.expr(ty);
    g.out
}

struct Gen<'a, 'o> {
    src: Source<'a>,
    opts: &'o Options,
    out: String,
    /// Variables in scope and their types, innermost last.
    scope: Vec<(String, Ty)>,
    depth: u32,
    nodes: u32,
    fresh: u32,
}

impl Gen<'_, '_> {
    fn w(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Whitespace between tokens: usually a space, sometimes a comment or a line break.
    fn gap(&mut self) {
        // Choice 0, the one a shrunk input makes, is the plain space.
        match self.src.below(24) {
            21 => self.w(" /* c */ "),
            22 => self.w(" # c\n"),
            23 => self.w("\n  "),
            _ => self.w(" "),
        }
    }

    /// A name not used before in this program.
    fn fresh(&mut self, base: &str) -> String {
        self.fresh += 1;
        format!("{base}{}", self.fresh)
    }

    /// The type to generate where `want` is wanted: usually `want`, sometimes another.
    fn twist(&mut self, want: Ty) -> Ty {
        if want == Ty::Any || self.src.chance(10) {
            *self.src.pick(CONCRETE)
        } else {
            want
        }
    }

    fn expr(&mut self, want: Ty) {
        let ty = self.twist(want);
        if self.depth >= MAX_DEPTH || self.nodes == 0 || self.src.is_empty() {
            return self.leaf(ty);
        }
        self.nodes -= 1;
        self.depth += 1;
        match self.src.below(16) {
            0 | 1 => self.leaf(ty),
            2 | 3 => self.var(ty),
            4 => self.let_in(ty),
            5 => self.if_then_else(ty),
            6 => self.with(ty),
            7 => self.assert(ty),
            8 => self.apply_lambda(ty),
            9 => self.select(ty),
            10 | 11 => self.builtin_call(ty),
            _ => self.compound(ty),
        }
        self.depth -= 1;
    }

    /// A variable of type `ty` if one is in scope, or else a literal.
    fn var(&mut self, ty: Ty) {
        let fits: Vec<usize> = (0..self.scope.len())
            .filter(|&i| self.scope[i].1 == ty || self.scope[i].1 == Ty::Any)
            .collect();
        if fits.is_empty() {
            return self.leaf(ty);
        }
        let i = *self.src.pick(&fits);
        let name = self.scope[i].0.clone();
        self.w(&name);
    }

    fn leaf(&mut self, ty: Ty) {
        match ty {
            Ty::Any => {
                let ty = *self.src.pick(CONCRETE);
                self.leaf(ty)
            }
            Ty::Int => {
                let n = if self.opts.huge && self.src.chance(8) {
                    *self.src.pick(pools::HUGE_INTS)
                } else {
                    *self.src.pick(pools::INTS)
                };
                if n < 0 {
                    let _ = write!(self.out, "({n})");
                } else {
                    let _ = write!(self.out, "{n}");
                }
            }
            Ty::Float => {
                let f = *self.src.pick(pools::FLOATS);
                self.w(f)
            }
            Ty::Bool => {
                let b = *self.src.pick(&["true", "false"]);
                self.w(b)
            }
            Ty::Str => {
                let s = *self.src.pick(pools::STRINGS);
                self.string_literal(s)
            }
            Ty::Path => {
                let p = *self.src.pick(pools::PATHS);
                self.w(p)
            }
            Ty::List => self.w("[ ]"),
            Ty::Attrs => self.w("{ }"),
            Ty::Fn => {
                let f = *self
                    .src
                    .pick(&["(x: x)", "({ ... }: 1)", "builtins.typeOf", "toString"]);
                self.w(f)
            }
            Ty::Null => self.w("null"),
        }
    }

    /// A string literal with the text `s`, escaped as Nix needs.
    fn string_literal(&mut self, s: &str) {
        self.w("\"");
        for c in s.chars() {
            match c {
                '"' => self.w("\\\""),
                '\\' => self.w("\\\\"),
                '\n' => self.w("\\n"),
                '\t' => self.w("\\t"),
                '\r' => self.w("\\r"),
                '$' => self.w("\\$"),
                c => self.out.push(c),
            }
        }
        self.w("\"")
    }

    /// Binds a new variable of type `ty` for the rest of the scope.
    fn bind(&mut self, base: &str, ty: Ty) -> String {
        let name = self.fresh(base);
        self.scope.push((name.clone(), ty));
        name
    }

    fn let_in(&mut self, ty: Ty) {
        let mark = self.scope.len();
        // The old `let { body = …; }` now and then.
        let old = self.src.chance(8);
        self.w(if old { "(let {" } else { "(let" });
        let n = 1 + self.src.below(3);
        // Bind first, so that every binding may use every other (a let is recursive),
        // though most use only the ones before them.
        let mut binds = Vec::new();
        for _ in 0..n {
            let t = *self.src.pick(CONCRETE);
            binds.push((self.fresh("v"), t));
        }
        for (i, (name, t)) in binds.iter().enumerate() {
            let visible = if self.src.chance(16) { n } else { i };
            self.scope.truncate(mark);
            self.scope.extend(binds[..visible].iter().cloned());
            self.gap();
            let _ = write!(self.out, "{name} =");
            self.gap();
            self.expr(*t);
            self.w(";");
        }
        self.scope.truncate(mark);
        self.scope.extend(binds.iter().cloned());
        if self.src.chance(40) {
            self.gap();
            self.inherit_clause(true, &[]);
        }
        if old {
            self.w(" body = ");
            self.expr(ty);
            self.w("; })");
        } else {
            self.w(" in");
            self.gap();
            self.expr(ty);
            self.w(")");
        }
        self.scope.truncate(mark);
    }

    /// `inherit x;` of a variable in scope, or `inherit (e) a b;`, none of whose names is
    /// in `taken`; in a `let` (`in_let`), the names it binds go in scope.
    fn inherit_clause(&mut self, in_let: bool, taken: &[&str]) {
        if !in_let && !self.scope.is_empty() && self.src.chance(128) {
            let name = self.scope[self.src.below(self.scope.len())].0.clone();
            if !taken.contains(&name.as_str()) {
                let _ = write!(self.out, "inherit {name};");
                return;
            }
        }
        self.w("inherit (");
        self.expr(Ty::Attrs);
        self.w(")");
        let names: Vec<&str> = self
            .attr_names()
            .into_iter()
            .filter(|n| !taken.contains(n))
            .collect();
        let names = if names.is_empty() { vec!["zz"] } else { names };
        for n in &names {
            let _ = write!(self.out, " {n}");
            if in_let {
                self.scope.push((n.to_string(), Ty::Any));
            }
        }
        self.w(";");
    }

    /// Attribute names for a set, distinct, drawn from a small pool so that selections
    /// and `?` find them now and then.
    fn attr_names(&mut self) -> Vec<&'static str> {
        let mut pool: Vec<&'static str> = pools::ATTR_NAMES.to_vec();
        let mut names = Vec::new();
        let n = 1 + self.src.below(4);
        for _ in 0..n {
            if pool.is_empty() {
                break;
            }
            let i = self.src.below(pool.len());
            names.push(pool.remove(i));
        }
        names
    }

    fn if_then_else(&mut self, ty: Ty) {
        self.w("(if");
        self.gap();
        self.expr(Ty::Bool);
        self.w(" then");
        self.gap();
        self.expr(ty);
        self.w(" else");
        self.gap();
        self.expr(ty);
        self.w(")");
    }

    fn with(&mut self, ty: Ty) {
        self.w("(with");
        self.gap();
        self.expr(Ty::Attrs);
        self.w(";");
        self.gap();
        // Names the set may hold become variables of unknown type.
        let mark = self.scope.len();
        for n in pools::ATTR_NAMES.iter().take(3) {
            if self.src.chance(64) {
                self.scope.push((n.to_string(), Ty::Any));
            }
        }
        self.expr(ty);
        self.scope.truncate(mark);
        self.w(")");
    }

    fn assert(&mut self, ty: Ty) {
        self.w("(assert");
        self.gap();
        // Mostly assertions that hold, so that evaluation goes on.
        if self.src.chance(160) {
            self.w("true");
        } else {
            self.expr(Ty::Bool);
        }
        self.w(";");
        self.gap();
        self.expr(ty);
        self.w(")");
    }

    /// A function literal applied at once: `(x: …) arg`, `({ a, b ? d, … }: …) { … }`.
    fn apply_lambda(&mut self, ty: Ty) {
        let mark = self.scope.len();
        self.w("((");
        match self.src.below(3) {
            0 => {
                let t = *self.src.pick(CONCRETE);
                let x = self.bind("x", t);
                let _ = write!(self.out, "{x}:");
                self.gap();
                self.expr(ty);
                self.scope.truncate(mark);
                self.w(")");
                self.gap();
                self.expr(t);
            }
            _ => {
                let names = self.formals(ty);
                self.scope.truncate(mark);
                self.w(")");
                self.gap();
                // The argument set: usually the formals without defaults, sometimes more
                // or fewer.
                self.w("{");
                for (name, has_default) in &names {
                    if !has_default && !self.src.chance(8) || self.src.chance(64) {
                        let _ = write!(self.out, " {name} =");
                        self.gap();
                        self.expr(Ty::Any);
                        self.w(";");
                    }
                }
                if self.src.chance(16) {
                    self.w(" extra = 1;");
                }
                self.w(" }");
            }
        }
        self.w(")");
    }

    /// Writes `{ a, b ? d, … }: body` (with an `@` pattern now and then), the body of
    /// type `ty`; returns the formals and whether each has a default.
    fn formals(&mut self, ty: Ty) -> Vec<(String, bool)> {
        let n = self.src.below(4);
        let mut names = Vec::new();
        for _ in 0..n {
            names.push((self.fresh("f"), self.src.chance(80)));
        }
        let ellipsis = self.src.chance(100);
        let at = match self.src.below(6) {
            0 => Some((self.fresh("args"), true)),
            1 => Some((self.fresh("args"), false)),
            _ => None,
        };
        let mark = self.scope.len();
        if let Some((a, true)) = &at {
            let _ = write!(self.out, "{a} @ ");
        }
        self.w("{");
        // Every formal is in scope in every default and in the body.
        for (name, _) in &names {
            self.scope.push((name.clone(), Ty::Any));
        }
        if let Some((a, _)) = &at {
            self.scope.push((a.clone(), Ty::Attrs));
        }
        for (i, (name, default)) in names.iter().enumerate() {
            if i > 0 {
                self.w(",");
            }
            let _ = write!(self.out, " {name}");
            if *default {
                self.w(" ? ");
                self.expr(Ty::Any);
            }
        }
        if ellipsis {
            self.w(if names.is_empty() { " ..." } else { ", ..." });
        }
        self.w(" }");
        if let Some((a, false)) = &at {
            let _ = write!(self.out, " @ {a}");
        }
        self.w(":");
        self.gap();
        self.expr(ty);
        self.scope.truncate(mark);
        names
    }

    /// `e.a`, `e.a.b or d`, `e.${s}`, `e."a b"`.
    fn select(&mut self, ty: Ty) {
        self.w("(");
        self.expr(Ty::Attrs);
        self.w(")");
        let n = 1 + self.src.below(2);
        for _ in 0..n {
            self.w(".");
            self.attr_path_part();
        }
        if self.src.chance(160) {
            self.w(" or");
            self.gap();
            self.expr(ty);
        }
    }

    /// One part of an attribute path: a name, a quoted name, or `${…}`.
    fn attr_path_part(&mut self) {
        match self.src.below(10) {
            0 => {
                self.w("${");
                self.expr(Ty::Str);
                self.w("}");
            }
            1 => {
                let s = *self.src.pick(pools::ATTR_NAMES);
                let _ = write!(self.out, "\"{s}\"");
            }
            2 => self.w("\"a b\""),
            _ => {
                let s = *self.src.pick(pools::ATTR_NAMES);
                self.w(s)
            }
        }
    }

    /// Constructs of a given type: operators, literals of lists, sets, strings, functions.
    fn compound(&mut self, ty: Ty) {
        match ty {
            Ty::Any => {
                let ty = *self.src.pick(CONCRETE);
                self.compound(ty)
            }
            Ty::Int | Ty::Float => match self.src.below(6) {
                0 => {
                    self.w("(-");
                    self.expr(ty);
                    self.w(")");
                }
                _ => {
                    let op = *self.src.pick(&["+", "-", "*", "/"]);
                    let other = if self.src.chance(40) {
                        if ty == Ty::Int { Ty::Float } else { Ty::Int }
                    } else {
                        ty
                    };
                    self.binary(op, ty, other);
                }
            },
            Ty::Bool => match self.src.below(8) {
                0 => {
                    self.w("(!");
                    self.expr(Ty::Bool);
                    self.w(")");
                }
                1 => {
                    let op = *self.src.pick(&["&&", "||", "->"]);
                    self.binary(op, Ty::Bool, Ty::Bool);
                }
                2 => {
                    let op = *self.src.pick(&["==", "!="]);
                    let t = *self.src.pick(CONCRETE);
                    self.binary(op, t, t);
                }
                3 | 4 => {
                    let op = *self.src.pick(&["<", "<=", ">", ">="]);
                    let t = *self
                        .src
                        .pick(&[Ty::Int, Ty::Float, Ty::Str, Ty::List, Ty::Path]);
                    self.binary(op, t, t);
                }
                _ => {
                    self.w("(");
                    self.expr(Ty::Attrs);
                    self.w(" ?");
                    let n = 1 + self.src.below(2);
                    for i in 0..n {
                        self.w(if i == 0 { " " } else { "." });
                        self.attr_path_part();
                    }
                    self.w(")");
                }
            },
            Ty::Str => match self.src.below(5) {
                0 => self.binary("+", Ty::Str, Ty::Str),
                1 => self.indented_string(),
                _ => self.interpolated_string(),
            },
            Ty::Path => match self.src.below(3) {
                0 => self.binary("+", Ty::Path, Ty::Str),
                1 => {
                    let p = *self.src.pick(&["./a/${", "./${", "/tmp/${", "./x${"]);
                    self.w(p);
                    self.expr(Ty::Str);
                    self.w("}");
                    if self.src.chance(64) {
                        self.w("/b");
                    }
                }
                _ => self.leaf(Ty::Path),
            },
            Ty::List => match self.src.below(4) {
                0 => self.binary("++", Ty::List, Ty::List),
                _ => {
                    self.w("[");
                    let n = self.src.below(5);
                    let t = *self.src.pick(CONCRETE);
                    for _ in 0..n {
                        self.gap();
                        let t = if self.src.chance(40) { Ty::Any } else { t };
                        // A list element binds tighter than application: parenthesise.
                        self.w("(");
                        self.expr(t);
                        self.w(")");
                    }
                    self.w(" ]");
                }
            },
            Ty::Attrs => match self.src.below(5) {
                0 => self.binary("//", Ty::Attrs, Ty::Attrs),
                _ => self.attrs_literal(),
            },
            Ty::Fn => match self.src.below(4) {
                0 => {
                    self.w("(");
                    self.formals(Ty::Any);
                    self.w(")");
                }
                1 => self.builtin_call(Ty::Fn),
                _ => {
                    let mark = self.scope.len();
                    let x = self.bind("x", Ty::Any);
                    let _ = write!(self.out, "({x}:");
                    self.gap();
                    self.expr(Ty::Any);
                    self.w(")");
                    self.scope.truncate(mark);
                }
            },
            Ty::Null => self.w("null"),
        }
    }

    fn binary(&mut self, op: &str, left: Ty, right: Ty) {
        self.w("(");
        self.expr(left);
        self.gap();
        self.w(op);
        self.gap();
        self.expr(right);
        self.w(")");
    }

    /// `{ a = …; b.c = …; "d" = …; ${e} = …; inherit …; }`, `rec { … }` now and then.
    fn attrs_literal(&mut self) {
        let rec = self.src.chance(40);
        let mark = self.scope.len();
        self.w(if rec { "(rec {" } else { "({" });
        let names = self.attr_names();
        if rec {
            for n in &names {
                self.scope.push((n.to_string(), Ty::Any));
            }
        }
        for n in &names {
            self.gap();
            match self.src.below(12) {
                0 => {
                    // Nested definitions of one name merge: `n.x = …; n.y = …;`.
                    let _ = write!(self.out, "{n}.x =");
                    self.gap();
                    self.expr(Ty::Any);
                    let _ = write!(self.out, "; {n}.y =");
                    self.gap();
                    self.expr(Ty::Any);
                    self.w(";");
                    continue;
                }
                1 => {
                    let _ = write!(self.out, "\"{n}\"");
                }
                2 if !rec => {
                    self.w("${");
                    self.string_literal(n);
                    self.w("}");
                }
                _ => self.w(n),
            }
            self.w(" =");
            self.gap();
            self.expr(Ty::Any);
            self.w(";");
        }
        if self.src.chance(30) {
            self.gap();
            self.inherit_clause(false, &names);
        }
        self.w(" })");
        self.scope.truncate(mark);
    }

    /// `"text ${…} \n …"`.
    fn interpolated_string(&mut self) {
        self.w("\"");
        let n = self.src.below(4);
        for _ in 0..n {
            match self.src.below(6) {
                0 => {
                    self.w("${");
                    let t = *self
                        .src
                        .pick(&[Ty::Str, Ty::Str, Ty::Path, Ty::Int, Ty::Attrs]);
                    self.expr(t);
                    self.w("}");
                }
                1 => {
                    // No lone `$`: before a `{` it would start an interpolation.
                    let e = *self.src.pick(&[
                        "\\n", "\\t", "\\\\", "\\\"", "\\${", "$${", "\\r", "'", "\\x",
                    ]);
                    self.w(e);
                }
                _ => {
                    let s = *self.src.pick(pools::TEXT);
                    self.w(s);
                }
            }
        }
        self.w("\"");
    }

    /// An indented string, with its own escapes.
    fn indented_string(&mut self) {
        self.w("''\n");
        let n = self.src.below(5);
        for _ in 0..n {
            match self.src.below(7) {
                0 => {
                    self.w("${");
                    self.expr(Ty::Str);
                    self.w("}");
                }
                1 => {
                    // A lone `'` is followed by a letter: two in a row would end the string.
                    let e = *self
                        .src
                        .pick(&["'''", "''$", "''\\n", "''\\t", "$${", "'a", "''\\x"]);
                    self.w(e);
                }
                2 => self.w("\n"),
                3 => self.w("\n    "),
                _ => {
                    let s = *self.src.pick(pools::TEXT);
                    self.w(s);
                }
            }
        }
        self.w("\n  ''");
    }

    /// A call of a builtin whose value has type `ty` (or of any builtin now and then).
    fn builtin_call(&mut self, ty: Ty) {
        let allowed = |b: &&builtins::Builtin| {
            (self.opts.io || b.class != Class::Io)
                && !self.opts.skip_builtins.iter().any(|s| s == b.name)
        };
        let exact: Vec<&builtins::Builtin> = BUILTINS
            .iter()
            .filter(allowed)
            .filter(|b| ty == Ty::Any || b.ty == ty || (ty == Ty::Fn && b.args.len() > 1))
            .collect();
        let any = exact.is_empty() || self.src.chance(24);
        if any {
            // A constant now and then.
            if self.src.chance(40) {
                let consts: Vec<_> = CONSTANTS
                    .iter()
                    .filter(|c| self.opts.io || c.2 != Class::Io)
                    .collect();
                let c = *self.src.pick(&consts);
                let _ = write!(self.out, "builtins.{}", c.0);
                return;
            }
        }
        let all: Vec<&builtins::Builtin> = BUILTINS.iter().filter(allowed).collect();
        let b = if any {
            *self.src.pick(&all)
        } else {
            *self.src.pick(&exact)
        };
        self.w("(");
        if GLOBALS.contains(&b.name) && self.src.chance(128) {
            self.w(b.name);
        } else if self.src.chance(16) && !GLOBALS.contains(&b.name) {
            // A builtin with a global name has no `__` one.
            let _ = write!(self.out, "__{}", b.name);
        } else {
            let _ = write!(self.out, "builtins.{}", b.name);
        }
        // A partial application where a function is wanted.
        let n = if ty == Ty::Fn {
            self.src.below(b.args.len())
        } else {
            b.args.len()
        };
        for arg in &b.args[..n] {
            self.gap();
            self.w("(");
            if self.src.chance(12) {
                self.expr(Ty::Any);
            } else {
                self.arg(*arg);
            }
            self.w(")");
        }
        self.w(")");
    }

    /// A plausible argument of the given shape.
    fn arg(&mut self, arg: Arg) {
        match arg {
            Arg::T(t) => self.expr(t),
            Arg::Fun(n, t) => self.function(n, t),
            Arg::Small => {
                if self.opts.huge && self.src.chance(16) {
                    let n = *self.src.pick(pools::HUGE_INTS);
                    let _ = write!(self.out, "{n}");
                } else if self.src.chance(200) {
                    let n = self.src.below(6);
                    let _ = write!(self.out, "{n}");
                } else {
                    self.expr(Ty::Int);
                }
            }
            Arg::Name => {
                if self.src.chance(200) {
                    let s = *self.src.pick(pools::ATTR_NAMES);
                    self.string_literal(s);
                } else {
                    self.expr(Ty::Str);
                }
            }
            Arg::Regex => self.pooled(pools::REGEXES),
            Arg::Json => self.pooled(pools::JSON),
            Arg::Toml => self.pooled(pools::TOML),
            Arg::Version => self.pooled(pools::VERSIONS),
            Arg::HashAlgo => self.pooled(pools::HASH_ALGOS),
            Arg::FlakeRefText => self.pooled(pools::FLAKE_REFS),
            Arg::HashSpec => {
                let h = *self.src.pick(pools::HASHES);
                let f = *self.src.pick(pools::HASH_FORMATS);
                let _ = write!(self.out, "{{ hash = \"{h}\"; toHashFormat = \"{f}\";");
                if self.src.chance(80) {
                    self.w(" hashAlgo = \"sha256\";");
                }
                self.w(" }");
            }
            Arg::Strings => self.list_of(Ty::Str),
            Arg::Lists => self.list_of(Ty::List),
            Arg::SetList => self.list_of(Ty::Attrs),
            Arg::NameValues => {
                self.w("[");
                for _ in 0..self.src.below(4) {
                    self.w(" { name =");
                    self.gap();
                    self.arg(Arg::Name);
                    self.w("; value =");
                    self.gap();
                    self.expr(Ty::Any);
                    self.w("; }");
                }
                self.w(" ]");
            }
            Arg::ClosureSpec => {
                let limit = self.src.below(6);
                let step = 1 + self.src.below(3);
                let _ = write!(
                    self.out,
                    "{{ startSet = [ {{ key = {}; }} ]; operator = item: \
                     if item.key < {limit} then [ {{ key = item.key + {step}; }} ",
                    self.src.below(3)
                );
                if self.src.chance(64) {
                    self.w("{ key = 0; } ");
                }
                self.w("] else [ ]; }");
            }
            Arg::DrvAttrs => self.drv_attrs(),
            Arg::FlakeRefAttrs => {
                let s = *self.src.pick(pools::FLAKE_REF_ATTRS);
                self.w(s)
            }
            Arg::DrvString => {
                if self.src.chance(128) {
                    self.w("(");
                    self.drv_attrs_call();
                    self.w(").");
                    let o = *self.src.pick(&["outPath", "drvPath", "out.outPath"]);
                    self.w(o);
                } else {
                    self.expr(Ty::Str);
                }
            }
        }
    }

    /// Usually one of `pool` as a string literal, now and then any string.
    fn pooled(&mut self, pool: &[&str]) {
        if self.src.chance(220) {
            let s = *self.src.pick(pool);
            self.string_literal(s);
        } else {
            self.expr(Ty::Str);
        }
    }

    fn list_of(&mut self, t: Ty) {
        self.w("[");
        for _ in 0..self.src.below(4) {
            self.gap();
            self.w("(");
            self.expr(t);
            self.w(")");
        }
        self.w(" ]");
    }

    /// A function of `n` arguments whose value has type `t`.
    fn function(&mut self, n: u8, t: Ty) {
        // A builtin partly applied now and then.
        if self.src.chance(40) {
            let f = match (n, t) {
                (1, Ty::Bool) => *self.src.pick(&[
                    "builtins.isInt",
                    "builtins.isString",
                    "(builtins.lessThan 2)",
                ]),
                (1, Ty::Str) => *self.src.pick(&["toString", "builtins.typeOf"]),
                (1, Ty::List) => *self.src.pick(&["(x: [ x x ])", "builtins.attrNames"]),
                (2, Ty::Bool) => *self.src.pick(&["builtins.lessThan", "(a: b: a > b)"]),
                (2, _) => *self
                    .src
                    .pick(&["builtins.add", "(n: v: v)", "builtins.seq"]),
                _ => *self
                    .src
                    .pick(&["builtins.typeOf", "(x: x)", "builtins.isAttrs"]),
            };
            self.w(f);
            return;
        }
        let mark = self.scope.len();
        self.w("(");
        for _ in 0..n {
            let x = self.bind("x", Ty::Any);
            let _ = write!(self.out, "{x}: ");
        }
        self.expr(t);
        self.w(")");
        self.scope.truncate(mark);
    }

    fn drv_attrs_call(&mut self) {
        self.w("derivation ");
        self.drv_attrs();
    }

    fn drv_attrs(&mut self) {
        self.w("{ name =");
        self.gap();
        self.pooled(&["x", "hello-1.0", "a b", ".x", "x.drv"]);
        self.w("; system = \"x86_64-linux\"; builder = ");
        self.pooled(&["/bin/sh", ""]);
        self.w(";");
        if self.src.chance(80) {
            self.w(" args = ");
            self.list_of(Ty::Str);
            self.w(";");
        }
        if self.src.chance(60) {
            self.w(" outputs = ");
            let o = *self.src.pick(&[
                "[ \"out\" ]",
                "[ \"out\" \"dev\" ]",
                "[ ]",
                "[ \"out\" \"out\" ]",
                "[ \"drvPath\" ]",
            ]);
            self.w(o);
            self.w(";");
        }
        let extra = self.attr_names();
        for n in extra
            .iter()
            .filter(|n| **n != "name")
            .take(self.src.below(3))
        {
            let _ = write!(self.out, " {n} =");
            self.gap();
            self.expr(Ty::Any);
            self.w(";");
        }
        self.w(" }");
    }
}
