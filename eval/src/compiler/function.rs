//! Functions: `x: body`, `{ a, b ? d, ... } @ args: body`, and application.
//!
//! A function is compiled to its own [`Lambda`]; creating it captures the variables it uses
//! from enclosing scopes. Its argument is local 0. With a formals pattern, the prologue op
//! `BindFormals` checks the argument and pushes one local per formal; a formal that has a
//! default and was not passed gets a blank thunk, filled with the default afterwards so that
//! defaults can refer to each other and to the other formals, or, when the default is a
//! constant, that constant.
//!
//! Application `f a b c` is one `Call(3)`: the function is forced, the arguments are pushed
//! lazily, and the VM applies them one at a time (a builtin of arity 3 takes all at once).

use rnix::ast;
use rowan::ast::AstNode;

use std::rc::Rc;

use nixvm_value::code::{Formal, Formals, Lambda, LambdaKind, Op, Param};
use nixvm_value::{ArgSet, ErrorKind, Symbol, Value};

use super::known;
use super::scope::{Hidden, VarName};
use super::{CResult, Compiler, TAIL, VALUE, child};

/// A formals pattern's names (with their positions) and the defaults compiled as code
/// (`None` for a formal without one, or whose default is a constant).
type Pattern = (Vec<(Symbol, codemap::Pos)>, Vec<Option<ast::Expr>>);

impl<'a> Compiler<'a> {
    /// Compiles a lambda expression, leaving a closure on the stack.
    pub(super) fn lambda(&mut self, l: &ast::Lambda, name: Option<Symbol>) -> CResult {
        let span = self.span_of(l.syntax());
        let lambda = self.function(l, name, false)?;
        let idx = self.fs().lambda(lambda);
        self.emit(Op::Closure(idx), span);
        Ok(())
    }

    /// The lambda of the function `l`: compiled, or a stub whose body is compiled when
    /// first called (see `defer.rs`). `deferred`: this is that body, compiled now, its
    /// upvalues those the stub captured (`Compiler::outer`).
    pub(super) fn function(
        &mut self,
        l: &ast::Lambda,
        name: Option<Symbol>,
        deferred: bool,
    ) -> CResult<Rc<Lambda>> {
        let span = self.span_of(l.syntax());
        let body = child(l.body(), l.syntax())?;
        if deferred {
            self.push_function(LambdaKind::Toplevel, span);
            self.take_outer_captures();
            let compiled = self.parameter(l).and_then(|(param, arg_name, pattern)| {
                self.fs().kind = LambdaKind::Function(param);
                self.function_body(&body, name, arg_name, pattern, span)
            });
            if let Err(err) = compiled {
                self.pop_function();
                return Err(err);
            }
            self.emit(Op::Return, span);
            return Ok(self.pop_function());
        }
        let (param, arg_name, pattern) = self.parameter(l)?;
        let kind = LambdaKind::Function(param);
        if let Some(stub) = self.defer_function(l, &body, &kind, name, span) {
            return Ok(stub);
        }
        self.compile_lambda(kind, span, |c| {
            c.function_body(&body, name, arg_name, pattern, span)
        })
    }

    /// A function's parameter, the name of its argument, and its formals (with their
    /// default values) if it has them.
    fn parameter(&mut self, l: &ast::Lambda) -> CResult<(Param, VarName, Option<Pattern>)> {
        let param = child(l.param(), l.syntax())?;
        Ok(match param {
            ast::Param::IdentParam(ip) => {
                let id = child(ip.ident(), ip.syntax())?;
                let pname = self.ident_name(&id);
                let param = Param::Ident(pname);
                (param, VarName::Named(pname), None)
            }
            ast::Param::Pattern(pat) => {
                let bind = match pat.pat_bind() {
                    Some(b) => Some(self.ident_name(&child(b.ident(), b.syntax())?)),
                    None => None,
                };
                let mut entries = Vec::new();
                let mut defaults = Vec::new();
                for e in pat.pat_entries() {
                    let id = child(e.ident(), e.syntax())?;
                    let n = self.ident_name(&id);
                    if entries.iter().any(|(m, _): &(Symbol, _)| *m == n) || bind == Some(n) {
                        return Err(self.error(
                            ErrorKind::Parse(format!("duplicate formal function argument '{n}'")),
                            id.syntax(),
                        ));
                    }
                    defaults.push(e.default());
                    entries.push((n, self.pos_of_node(e.syntax())));
                }
                let names: Vec<Symbol> = entries.iter().map(|(n, _)| *n).chain(bind).collect();
                let constants: Vec<Option<Value>> = defaults
                    .iter()
                    .map(|d| d.as_ref().and_then(|d| self.constant_default(d, &names)))
                    .collect();
                let formals = Formals {
                    entries: entries
                        .iter()
                        .zip(&defaults)
                        .zip(&constants)
                        .map(|(((n, pos), d), constant)| Formal {
                            name: *n,
                            has_default: d.is_some(),
                            constant: constant.clone(),
                            pos: *pos,
                        })
                        .collect(),
                    ellipsis: pat.ellipsis_token().is_some(),
                };
                let param = Param::Formals { formals, bind };
                let arg_name = match bind {
                    Some(b) => VarName::Named(b),
                    None => VarName::Hidden(Hidden::Argument),
                };
                let defaults: Vec<_> = defaults
                    .into_iter()
                    .zip(constants)
                    .map(|(d, constant)| d.filter(|_| constant.is_none()))
                    .collect();
                (param, arg_name, Some((entries, defaults)))
            }
        })
    }

    /// A function's code, in its own function state: its argument, its formals and their
    /// defaults, and its body.
    fn function_body(
        &mut self,
        body: &ast::Expr,
        name: Option<Symbol>,
        arg_name: VarName,
        pattern: Option<Pattern>,
        span: codemap::Span,
    ) -> CResult {
        let c = self;
        c.fs().name = name;
        c.fs().depth = 1;
        c.declare(arg_name);
        if let Some((entries, defaults)) = pattern {
            c.emit(Op::Local(0), span);
            c.emit(Op::Force, span);
            c.emit(Op::BindFormals, span);
            let first = c.fs().depth;
            c.fs().depth += entries.len() as u32;
            for (i, (n, _)) in entries.iter().enumerate() {
                c.declare_at(VarName::Named(*n), first + i as u32);
            }
            for (i, d) in defaults.iter().enumerate() {
                if let Some(d) = d {
                    let dspan = c.span_of(d.syntax());
                    let lambda = c.thunk_body(d, dspan)?;
                    let idx = c.fs().lambda(lambda);
                    let slot = first + i as u32;
                    c.emit(Op::FillIfBlank { slot, lambda: idx }, dspan);
                }
            }
        }
        // A function that is the body of a named one takes its name, as in Nix
        // (`f = x: y: …` makes two functions named `f`).
        match super::bindings::lambda_of(body).filter(|_| name.is_some()) {
            Some(inner) => crate::parse::deeper(|| c.lambda(&inner, name)),
            None => c.expr(body, TAIL),
        }
    }

    /// The value of a default Nix passes as it is, with no thunk: a number, a string without
    /// interpolation, or a global (`null`, `false`, …) that neither an enclosing scope nor
    /// the pattern's own names (`shadowing`) rebind.
    fn constant_default(&mut self, d: &ast::Expr, shadowing: &[Symbol]) -> Option<Value> {
        match super::unparen(d)? {
            ast::Expr::Literal(l) => self.literal(&l).ok(),
            ast::Expr::Str(s) => super::literal_string(&s).map(|s| Value::string(s.as_bytes())),
            ast::Expr::Ident(id) => {
                let name = self.ident_name(&id);
                if shadowing.contains(&name) || self.resolve(&VarName::Named(name)).is_some() {
                    return None;
                }
                self.input.globals.values.get(&name).cloned()
            }
            _ => None,
        }
    }

    fn pos_of_node(&self, node: &rnix::SyntaxNode) -> codemap::Pos {
        self.span_of(node).low()
    }

    /// `f a b …`: the function forced, the arguments lazy, one call.
    pub(super) fn apply(&mut self, a: &ast::Apply, tail: bool) -> CResult {
        // Walk down the left spine without recursion: `f a b` is `Apply(Apply(f, a), b)`.
        let mut args = Vec::new();
        let mut f = ast::Expr::Apply(a.clone());
        while let ast::Expr::Apply(app) = &f {
            let [lambda, argument] = super::green::exprs(app.syntax());
            args.push(child(argument, app.syntax())?);
            f = child(lambda, app.syntax())?;
        }
        args.reverse();
        let span = self.span_of(a.syntax());
        // A builtin known to force some of these arguments gets them evaluated (see
        // `known.rs`).
        let known = self.known_builtin(&f);
        match (&f, known) {
            // `builtins.NAME` cannot fail: no need to look it up each time.
            (ast::Expr::Select(_), Some(def)) => {
                let c = self.fs().constant(nixvm_value::Value::Builtin(def));
                self.emit(Op::Const(c), span);
            }
            _ => self.expr(&f, VALUE)?,
        }
        let strict = known.map_or(ArgSet::EMPTY, |def| {
            known::strict_arguments(def, args.len())
        });
        for (i, arg) in args.iter().enumerate() {
            match known {
                Some(def) if strict.contains(i) => {
                    let message = format!("while calling the '{}' builtin", def.name);
                    self.in_context(Some(span), message, |c| c.expr(arg, VALUE))?;
                }
                Some(def) if is_function_literal(arg) && def.calls_argument(i) => {
                    self.expr(arg, VALUE)?
                }
                _ => self.lazy_as(arg, true)?,
            }
        }
        let n = args.len() as u32;
        self.emit(if tail { Op::TailCall(n) } else { Op::Call(n) }, span);
        Ok(())
    }
}

/// Whether `e` is `x: …` (in parentheses or not).
fn is_function_literal(e: &ast::Expr) -> bool {
    matches!(super::unparen(e), Some(ast::Expr::Lambda(_)))
}
