//! The compiler: rnix syntax tree → [`Lambda`]s of stack-machine ops.
//!
//! It walks the tree once, resolving every variable at compile time: locals become stack
//! slots, variables of enclosing functions become upvalues captured when a closure or thunk is
//! created, globals (the builtins scope) become constants, and only names that no lexical
//! scope binds are looked up at run time through the open `with` scopes.
//!
//! Every expression is compiled either in *value* context (it leaves one value in weak head
//! normal form on the stack) or in *lazy* context (it leaves one value that may be a thunk:
//! function arguments, list elements, attribute values, bindings). Cheap expressions — literals,
//! variables, functions — need no thunk even in lazy context.
//!
//! The submodules hold the larger constructs: `bindings` (attribute sets, `let`, `rec`,
//! `inherit`), `function` (lambdas, formals, application), `strings` (strings, paths,
//! interpolation). `scope` and `emit` are the bookkeeping.

mod bindings;
mod check;
mod context;
mod defer;
mod emit;
mod function;
mod green;
mod known;
mod names;
mod scope;
mod share;
mod strings;

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use codemap::{File, Span};
use rnix::ast::{self, AstToken};
use rowan::ast::AstNode;
use rustc_hash::FxHashMap;

use nixvm_value::code::{Lambda, LambdaKind, Op};
use nixvm_value::fmt::print_attr_name_into;
use nixvm_value::{Error, ErrorKind, NixAttrs, Symbol, Value};

use emit::FunctionState;
use scope::{Hidden, ScopeChain, VarName};

/// The names in scope before any code: `builtins`, `true`, `map`, `__sub`, …
#[derive(Default)]
pub struct Globals {
    pub values: FxHashMap<Symbol, Value>,
}

/// Everything the compiler needs besides the syntax tree.
pub struct CompileInput<'a> {
    pub file: Arc<File>,
    /// The directory relative paths are resolved against.
    pub base_dir: PathBuf,
    pub home: Option<PathBuf>,
    pub globals: &'a Globals,
    /// For `scopedImport`: names bound, outside everything else, to the attributes of the set
    /// the compiled code receives as local 0.
    pub scope: Option<&'a NixAttrs>,
    /// Whether `|>` and `<|` are enabled.
    pub pipe_operators: bool,
    /// Pure evaluation: `~/…` paths are an error.
    pub pure_eval: bool,
    /// What the parser does about discouraged syntax.
    pub lints: nixvm_value::Lints,
    /// Whether large function bodies are compiled on their first call (`defer.rs`)
    /// rather than now.
    pub defer: bool,
}

pub(crate) use defer::compile_body;

/// How an expression's value is needed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// In weak head normal form; `tail` when nothing but cleanup and `Return` follows.
    Value { tail: bool },
    /// Possibly as a thunk.
    Lazy,
}

const VALUE: Ctx = Ctx::Value { tail: false };
const TAIL: Ctx = Ctx::Value { tail: true };

pub struct Compiler<'a> {
    input: &'a CompileInput<'a>,
    /// The states and scopes of the `open` functions being compiled, innermost last, and
    /// past them those of functions finished, whose buffers the next functions reuse. A
    /// state stays where it is: moving one in and out costs more than compiling a small
    /// thunk.
    funcs: Vec<FunctionState>,
    chains: Vec<ScopeChain>,
    open: usize,
    /// Where each `with` starts, by id: errors about its namespace point there.
    with_sites: Vec<Span>,
    /// The positions Nix gives the links of chains (`!!!…x`) already looked through, so that
    /// each link is looked at once (see `nix_pos`).
    chain_positions:
        std::cell::RefCell<FxHashMap<(rnix::TextRange, rnix::SyntaxKind), Option<Span>>>,
    /// `input.base_dir` as path literals join it (shown, as Nix shows a path), made once:
    /// showing a path takes far longer than copying the text.
    base_dir_text: Rc<str>,
    /// `base_dir`, canonical (`nixvm_value::path::canon_path`), for relative path literals.
    base_dir_canonical: Rc<[u8]>,
    /// Where the tree read starts in its file: a deferred function's body is read from
    /// the function's own node.
    offset: u32,
    /// For a deferred function's body: the variables and `with` scopes around it.
    outer: defer::Outer,
    /// For a deferred body: what the walk of it found of the functions and calls inside.
    checks: Option<check::CheckIndex>,
    /// What this file's deferred bodies share, made with the first.
    file_input: Option<Rc<defer::FileInput>>,
}

type CResult<T = ()> = Result<T, Error>;

/// Compiles a whole file or expression.
pub fn compile(expr: &ast::Expr, input: &CompileInput) -> Result<Rc<Lambda>, Error> {
    let mut c = Compiler::new(input, 0, None);
    let span = c.span_of(expr.syntax());
    c.push_function(LambdaKind::Toplevel, span);
    if let Some(scope) = input.scope {
        // `scopedImport`: local 0 is the scope set; bind each of its attributes.
        // The VM pushes the set before running the file: slot 0 exists already.
        c.fs().depth = 1;
        c.declare(VarName::Hidden(Hidden::Scope));
        let names: Vec<Symbol> = scope.iter().map(|a| a.name).collect();
        for name in names {
            let sym = c.fs().symbol(name);
            c.emit(Op::Local(0), span);
            c.emit(Op::Select(sym), span);
            c.declare(VarName::Named(name));
        }
    }
    c.expr(expr, TAIL)?;
    c.emit(Op::Return, span);
    Ok(c.pop_function())
}

impl<'a> Compiler<'a> {
    /// A compiler for `input`'s file, reading a tree that starts at `offset` in it.
    /// `base`: `base_dir` shown and canonical, if made already.
    fn new(
        input: &'a CompileInput<'a>,
        offset: u32,
        base: Option<(Rc<str>, Rc<[u8]>)>,
    ) -> Compiler<'a> {
        let (base_dir_text, base_dir_canonical) = base.unwrap_or_else(|| {
            use std::os::unix::ffi::OsStringExt;
            let text = input.base_dir.display().to_string();
            let canonical = nixvm_value::path::canon_path(text.as_bytes())
                .into_os_string()
                .into_vec();
            (text.into(), canonical.into())
        });
        names::prepare();
        Compiler {
            input,
            funcs: Vec::new(),
            chains: Vec::new(),
            open: 0,
            with_sites: Vec::new(),
            chain_positions: Default::default(),
            base_dir_text,
            base_dir_canonical,
            offset,
            outer: defer::Outer::default(),
            checks: None,
            file_input: None,
        }
    }

    fn fs(&mut self) -> &mut FunctionState {
        let level = self.level();
        &mut self.funcs[level]
    }

    fn level(&self) -> usize {
        self.open - 1
    }

    fn emit(&mut self, op: Op, span: Span) -> usize {
        self.fs().emit(op, span)
    }

    fn span_of(&self, node: &rnix::SyntaxNode) -> Span {
        self.span_at(node.text_range())
    }

    /// The span of a range of the tree read.
    fn span_at(&self, r: rnix::TextRange) -> Span {
        let start = u32::from(r.start()) + self.offset;
        let end = u32::from(r.end()) + self.offset;
        self.input.file.span.subspan(start as u64, end as u64)
    }

    fn error(&self, kind: ErrorKind, node: &rnix::SyntaxNode) -> Error {
        Error::at(kind, self.span_of(node))
    }

    fn push_function(&mut self, kind: LambdaKind, span: Span) {
        let shares = match self.open.checked_sub(1) {
            Some(parent) => self.chains[parent]
                .can_share_upvalues(matches!(self.funcs[parent].kind, LambdaKind::Thunk)),
            None => false,
        };
        let at = self.open;
        if at < self.funcs.len() {
            self.funcs[at].reset(kind, span);
        } else {
            self.funcs.push(FunctionState::new(kind, span));
            self.chains.push(ScopeChain::new());
        }
        self.chains[at].shares = shares;
        self.open += 1;
    }

    /// Finishes the innermost function; its lambda is made where it will live.
    fn pop_function(&mut self) -> Rc<Lambda> {
        let level = self.level();
        let (fs, chain) = (&mut self.funcs[level], &mut self.chains[level]);
        let location = nixvm_value::code::Location::new(self.input.file.clone(), fs.span.low());
        share::share_creator_upvalues(fs, chain);
        let lambda = Rc::new(fs.finish(chain, location));
        chain.reset();
        self.open -= 1;
        lambda
    }

    // ----- expressions -----

    /// Compiles an expression; the walk recurses as deep as the program nests, through
    /// here, which moves it to a fresh stack when this one runs low.
    fn expr(&mut self, e: &ast::Expr, ctx: Ctx) -> CResult {
        crate::parse::deeper(|| self.expr_here(e, ctx))
    }

    fn expr_here(&mut self, e: &ast::Expr, ctx: Ctx) -> CResult {
        if ctx == Ctx::Lazy {
            return self.lazy(e);
        }
        let tail = matches!(ctx, Ctx::Value { tail: true });
        let span = self.span_of(e.syntax());
        match e {
            ast::Expr::Paren(p) => self.expr(&child(p.expr(), p.syntax())?, ctx),
            ast::Expr::Root(r) => self.expr(&child(r.expr(), r.syntax())?, ctx),
            ast::Expr::Literal(l) => {
                let v = self.literal(l)?;
                let c = self.fs().constant(v);
                self.emit(Op::Const(c), span);
                Ok(())
            }
            ast::Expr::Ident(id) => self.ident(id, true),
            ast::Expr::Str(s) => self.string(s),
            ast::Expr::PathAbs(_)
            | ast::Expr::PathRel(_)
            | ast::Expr::PathHome(_)
            | ast::Expr::PathSearch(_) => self.path(e, tail),
            ast::Expr::List(l) => {
                let items: Vec<ast::Expr> = l.items().collect();
                for item in &items {
                    self.lazy(item)?;
                }
                self.emit(Op::List(items.len() as u32), span);
                Ok(())
            }
            ast::Expr::AttrSet(set) => self.attr_set(set),
            ast::Expr::LetIn(l) => self.let_in(l, ctx),
            ast::Expr::LegacyLet(l) => self.legacy_let(l),
            ast::Expr::Lambda(l) => self.lambda(l, None),
            ast::Expr::Apply(a) => self.apply(a, tail),
            ast::Expr::Select(s) => self.select(s),
            ast::Expr::HasAttr(h) => self.has_attr(h),
            ast::Expr::IfElse(i) => {
                let [cond, body, else_body] = green::exprs(i.syntax());
                let cond = child(cond, i.syntax())?;
                let at = self.nix_pos(&cond);
                let jf = self.in_context(at, "while evaluating a branch condition", |c| {
                    c.expr(&cond, VALUE)?;
                    let pos = at.unwrap_or_else(|| c.start_of(cond.syntax()));
                    Ok(c.emit(Op::JumpIfFalse(0), pos))
                })?;
                let depth = self.fs().depth;
                self.expr(&child(body, i.syntax())?, ctx)?;
                let j = self.emit(Op::Jump(0), span);
                self.fs().patch(jf);
                self.fs().depth = depth;
                self.expr(&child(else_body, i.syntax())?, ctx)?;
                self.fs().patch(j);
                Ok(())
            }
            ast::Expr::Assert(a) => {
                let cond = child(a.condition(), a.syntax())?;
                if let Some((lhs, rhs, eq)) = equality(&cond) {
                    return self.assert_eq(a, &cond, &lhs, &rhs, &eq, ctx);
                }
                self.value_then(
                    &cond,
                    "in the condition of the assert statement",
                    Op::AssertBool,
                )?;
                let text = crate::show::show_expr(&cond, &self.show_context());
                let c = self.fs().constant(Value::string(text));
                self.emit(Op::Assert(c), span);
                self.expr(&child(a.body(), a.syntax())?, ctx)
            }
            ast::Expr::With(w) => {
                let [ns, body] = green::exprs(w.syntax());
                let ns = child(ns, w.syntax())?;
                self.begin_scope();
                self.lazy(&ns)?;
                let id = self.with_sites.len() as u32;
                self.with_sites.push(self.start_of(w.syntax()));
                self.declare(VarName::With(id));
                self.expr(&child(body, w.syntax())?, ctx)?;
                self.end_scope(span);
                Ok(())
            }
            ast::Expr::UnaryOp(u) => {
                let operand = child(u.expr(), u.syntax())?;
                match u.operator() {
                    Some(ast::UnaryOpKind::Invert) => {
                        self.value_then(&operand, "in the argument of '!'", Op::Not)
                    }
                    // `-e` is a call of the `sub` builtin, where the operand is forced.
                    Some(ast::UnaryOpKind::Negate) => {
                        let at = self.start_of(u.syntax());
                        self.in_context(Some(at), "while calling the 'sub' builtin", |c| {
                            c.expr(&operand, VALUE)?;
                            c.emit(Op::Negate, at);
                            Ok(())
                        })
                    }
                    None => Err(self.error(parse_error("unary operator"), u.syntax())),
                }
            }
            ast::Expr::BinOp(b) => self.bin_op(b, tail),
            ast::Expr::CurPos(c) => {
                let v = self.cur_pos(c.syntax());
                let c = self.fs().constant(v);
                self.emit(Op::Const(c), span);
                Ok(())
            }
            ast::Expr::Error(node) => Err(self.error(parse_error("expression"), node.syntax())),
        }
    }

    /// Compiles `e` so that it leaves a value that may be an unevaluated thunk.
    ///
    /// As in CppNix, only literals (numbers, strings and paths without interpolation) and
    /// variables are not wrapped in a thunk: everything else, functions included, is, and
    /// output that shows unevaluated values (`--eval` without `--strict`) shows that.
    fn lazy(&mut self, e: &ast::Expr) -> CResult {
        self.lazy_as(e, false)
    }

    /// Compiles `e` for a lazy position; `argument`: it is a function's argument (see
    /// `Lambda::eager`).
    pub(super) fn lazy_as(&mut self, e: &ast::Expr, argument: bool) -> CResult {
        if let ast::Expr::Paren(p) = e {
            let inner =
                unparen(e).ok_or_else(|| self.error(parse_error("expression"), p.syntax()))?;
            return self.lazy_as(&inner, argument);
        }
        let span = self.span_of(e.syntax());
        match e {
            ast::Expr::Literal(_) => self.expr(e, VALUE),
            ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) | ast::Expr::PathHome(_)
                if is_plain_path(e) =>
            {
                self.expr(e, VALUE)
            }
            ast::Expr::Str(s) if !crate::syntax::is_interpolated(s) => self.expr(e, VALUE),
            // A variable bound without `with` is loaded as it is (the guard emits the load).
            ast::Expr::Ident(id) if self.static_ident(id) => Ok(()),
            _ => {
                let mut lambda = self.thunk_body(e, span)?;
                if argument
                    && matches!(
                        lambda.frameless,
                        nixvm_value::code::Frameless::Cheap(
                            nixvm_value::code::Cheap::Binary { .. }
                        )
                    )
                {
                    Rc::get_mut(&mut lambda).expect("just made").eager = true;
                }
                let idx = self.fs().lambda(lambda);
                self.emit(Op::Thunk(idx), span);
                Ok(())
            }
        }
    }

    /// Compiles `e` as the body of a new thunk.
    /// Compiles `e` for its value, then `op` on it at `e`'s position as Nix gives it; an
    /// error on the way gets the context line `context`.
    fn value_then(&mut self, e: &ast::Expr, context: &'static str, op: Op) -> CResult {
        let at = self.nix_pos(e);
        self.in_context(at, context, |c| {
            c.expr(e, VALUE)?;
            let pos = at.unwrap_or_else(|| c.start_of(e.syntax()));
            c.emit(op, pos);
            Ok(())
        })
    }

    fn thunk_body(&mut self, e: &ast::Expr, span: Span) -> CResult<Rc<Lambda>> {
        if let Some(stub) = self.defer_thunk(e, span) {
            return Ok(stub);
        }
        self.thunk_of(span, |c| c.expr(e, TAIL))
    }

    /// A new thunk body, whose code `body` compiles to leave the thunk's value on the stack.
    pub(super) fn thunk_of(
        &mut self,
        span: Span,
        body: impl FnOnce(&mut Self) -> CResult,
    ) -> CResult<Rc<Lambda>> {
        self.compile_lambda(LambdaKind::Thunk, span, body)
    }

    /// A new lambda of `kind`, whose code `body` compiles to leave its value on the stack.
    pub(super) fn compile_lambda(
        &mut self,
        kind: LambdaKind,
        span: Span,
        body: impl FnOnce(&mut Self) -> CResult,
    ) -> CResult<Rc<Lambda>> {
        self.push_function(kind, span);
        if let Err(err) = body(self) {
            self.pop_function();
            return Err(err);
        }
        self.emit(Op::Return, span);
        Ok(self.pop_function())
    }

    /// Pushes a new thunk running `lambda`.
    pub(super) fn make_thunk(&mut self, lambda: Rc<Lambda>, span: Span) {
        let idx = self.fs().lambda(lambda);
        self.emit(Op::Thunk(idx), span);
    }

    fn literal(&mut self, l: &ast::Literal) -> CResult<Value> {
        match l.kind() {
            ast::LiteralKind::Integer(i) => match i.value() {
                Ok(v) => Ok(Value::Int(v)),
                Err(_) => Err(self.error(
                    ErrorKind::Parse(format!("invalid integer '{}'", i.syntax().text())),
                    l.syntax(),
                )),
            },
            ast::LiteralKind::Float(f) => match f.value() {
                Ok(v) => Ok(Value::Float(v)),
                Err(_) => Err(self.error(
                    ErrorKind::Parse(format!("invalid float '{}'", f.syntax().text())),
                    l.syntax(),
                )),
            },
            ast::LiteralKind::Uri(u) => Ok(Value::string(u.syntax().text())),
        }
    }

    /// The name an identifier stands for, interned: scopes compare names as symbols.
    fn ident_name(&self, id: &ast::Ident) -> Symbol {
        match green::ident_token(id) {
            Some(token) => self.token_symbol(token),
            None => Symbol::new(&green::ident_text(id)),
        }
    }

    /// The name of an identifier token, interned (see `names.rs`).
    fn token_symbol(&self, token: &rowan::GreenTokenData) -> Symbol {
        names::token_symbol(token)
    }

    /// Whether a variable resolves without a `with` lookup (and so needs no thunk).
    fn ident_is_static(&mut self, id: &ast::Ident) -> bool {
        let name = self.ident_name(id);
        self.resolve(&VarName::Named(name)).is_some()
            || self.input.globals.values.contains_key(&name)
    }

    /// Loads a variable that resolves without a `with` lookup (and so needs no thunk), not
    /// forced; false (and nothing emitted) for any other.
    fn static_ident(&mut self, id: &ast::Ident) -> bool {
        let name = self.ident_name(id);
        let span = self.span_of(id.syntax());
        self.load_bound(name, span, false).is_ok()
    }

    /// Loads a variable; `force` in value context.
    fn ident(&mut self, id: &ast::Ident, force: bool) -> CResult {
        let span = self.span_of(id.syntax());
        let name = self.ident_name(id);
        let Err(name) = self.load_bound(name, span, force) else {
            return Ok(());
        };
        if !self.any_withs() {
            return Err(self.error(
                ErrorKind::UndefinedVariable(name.to_str_lossy().into_owned()),
                id.syntax(),
            ));
        }
        self.with_lookup(name, span)
    }

    /// Loads the variable `name` if a scope or the globals bind it (`force`d in value
    /// context); gives the name back if neither does.
    fn load_bound(&mut self, name: Symbol, span: Span, force: bool) -> Result<(), Symbol> {
        if let Some(loc) = self.resolve(&VarName::Named(name)) {
            self.emit_load(loc, span);
            if force {
                self.emit(Op::Force, span);
            }
            return Ok(());
        }
        if let Some(v) = self.input.globals.values.get(&name) {
            let c = self.fs().constant(v.clone());
            self.emit(Op::Const(c), span);
            if force && matches!(v, Value::Thunk(_)) {
                self.emit(Op::Force, span);
            }
            return Ok(());
        }
        Err(name)
    }

    fn select(&mut self, s: &ast::Select) -> CResult {
        let subject = child(s.expr(), s.syntax())?;
        let at = self.nix_pos(&subject);
        self.in_context(at, "while selecting an attribute", |c| {
            c.expr(&subject, VALUE)
        })?;
        let path = child(s.attrpath(), s.syntax())?;
        let attrs: Vec<ast::Attr> = path.attrs().collect();
        const PREFIX: &[u8] = b"while evaluating the attribute '";
        let mut message = Vec::with_capacity(PREFIX.len() + 24);
        message.extend_from_slice(PREFIX);
        self.attr_path_text(&attrs, &mut message);
        message.push(b'\'');
        // The names come from the source text: the message is UTF-8, and kept as it is.
        let message = String::from_utf8(message)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let start = self.start_of(s.syntax());
        self.in_context(Some(start), message, |c| c.select_path(s, &attrs))
    }

    /// Appends the text Nix shows for an attribute path in its messages:
    /// `a.b."c d"."${x}"`, a dynamic name as the expression Nix shows. (Nix shows a dynamic
    /// name's value when it could compute it; this text is fixed when compiling.) Written
    /// into one buffer: every selection compiled makes one.
    fn attr_path_text(&self, attrs: &[ast::Attr], out: &mut Vec<u8>) {
        for (i, attr) in attrs.iter().enumerate() {
            if i > 0 {
                out.push(b'.');
            }
            if let Ok(Some(n)) = self.static_attr_name(attr) {
                print_attr_name_into(out, n.as_bytes());
                continue;
            }
            let dynamic = match attr {
                ast::Attr::Dynamic(d) => d.expr(),
                ast::Attr::Str(s) => Some(ast::Expr::Str(s.clone())),
                ast::Attr::Ident(_) => None,
            };
            let shown = dynamic.map_or_else(
                || "…".to_string(),
                |e| crate::show::show_expr(&e, &self.show_context()),
            );
            out.extend_from_slice(format!("\"${{{shown}}}\"").as_bytes());
        }
    }

    /// The attribute lookups of a selection, its subject on the stack.
    fn select_path(&mut self, s: &ast::Select, attrs: &[ast::Attr]) -> CResult {
        let span = self.span_of(s.syntax());
        let default = s.default_expr();
        let depth = self.fs().depth;
        let mut fallbacks = Vec::new();
        if default.is_some() {
            let or = |sym| Op::SelectOr { sym, target: 0 };
            let dynamic = Op::SelectDynOr { target: 0 };
            self.attr_steps(attrs, span, or, dynamic, Some(&mut fallbacks))?;
        } else {
            self.attr_steps(attrs, span, Op::Select, Op::SelectDyn, None)?;
        }
        self.emit(Op::Force, span);
        if let Some(default) = default {
            let j = self.emit(Op::Jump(0), span);
            for f in fallbacks {
                self.fs().patch(f);
            }
            self.fs().depth = depth - 1;
            self.expr(&default, VALUE)?;
            self.fs().patch(j);
        }
        Ok(())
    }

    /// One op per attribute of a path, the value so far on the stack (forced between
    /// steps): `by_name` of the symbol of a static name, or `dynamic` after the name's
    /// code. Adds where the ops are to `exits`, if given, for the jumps among them to be
    /// patched.
    fn attr_steps(
        &mut self,
        attrs: &[ast::Attr],
        span: Span,
        by_name: impl Fn(u32) -> Op,
        dynamic: Op,
        mut exits: Option<&mut Vec<usize>>,
    ) -> CResult {
        for (i, attr) in attrs.iter().enumerate() {
            if i > 0 {
                self.emit(Op::Force, span);
            }
            let op = match self.static_attr_name(attr)? {
                Some(name) => by_name(self.fs().symbol(name)),
                None => {
                    self.dynamic_attr_name(attr)?;
                    dynamic
                }
            };
            let at = self.emit(op, span);
            if let Some(exits) = exits.as_deref_mut() {
                exits.push(at);
            }
        }
        Ok(())
    }

    fn has_attr(&mut self, h: &ast::HasAttr) -> CResult {
        let span = self.span_of(h.syntax());
        self.expr(&child(h.expr(), h.syntax())?, VALUE)?;
        let path = child(h.attrpath(), h.syntax())?;
        let attrs: Vec<ast::Attr> = path.attrs().collect();
        let has = |sym| Op::HasAttr { sym, target: 0 };
        let mut exits = Vec::with_capacity(attrs.len());
        let dynamic = Op::HasAttrDyn { target: 0 };
        self.attr_steps(&attrs, span, has, dynamic, Some(&mut exits))?;
        self.emit(Op::Pop, span);
        let t = self.fs().constant(Value::Bool(true));
        self.emit(Op::Const(t), span);
        for e in exits {
            self.fs().patch(e);
        }
        Ok(())
    }

    fn bin_op(&mut self, b: &ast::BinOp, tail: bool) -> CResult {
        use ast::BinOpKind as K;
        let span = self.span_of(b.syntax());
        let [lhs, rhs] = green::exprs(b.syntax());
        let lhs = child(lhs, b.syntax())?;
        let rhs = child(rhs, b.syntax())?;
        let Some(op) = b.operator() else {
            return Err(self.error(parse_error("operator"), b.syntax()));
        };
        let short_circuit = match op {
            K::And => Some(Op::And(0)),
            K::Or => Some(Op::Or(0)),
            K::Implication => Some(Op::Implies(0)),
            _ => None,
        };
        if let Some(sc) = short_circuit {
            let (left, right) = match op {
                K::And => (
                    "in the left operand of '&&'",
                    "in the right operand of '&&'",
                ),
                K::Or => (
                    "in the left operand of '||'",
                    "in the right operand of '||'",
                ),
                _ => (
                    "in the left operand of '->'",
                    "in the right operand of '->'",
                ),
            };
            let (lat, rat) = (self.nix_pos(&lhs), self.nix_pos(&rhs));
            let j = self.in_context(lat, left, |c| {
                c.expr(&lhs, VALUE)?;
                let pos = lat.unwrap_or_else(|| c.start_of(lhs.syntax()));
                Ok(c.emit(sc, pos))
            })?;
            self.in_context(rat, right, |c| {
                c.expr(&rhs, VALUE)?;
                let pos = rat.unwrap_or_else(|| c.start_of(rhs.syntax()));
                c.emit(Op::AssertBool, pos);
                Ok(())
            })?;
            self.fs().patch(j);
            return Ok(());
        }
        if matches!(op, K::PipeRight | K::PipeLeft) {
            if !self.input.pipe_operators {
                return Err(Error::at(
                    ErrorKind::Parse(
                        "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it".into(),
                    ),
                    self.operator_span(b),
                ));
            }
            let (f, x) = if op == K::PipeRight {
                (rhs, lhs)
            } else {
                (lhs, rhs)
            };
            self.expr(&f, VALUE)?;
            self.lazy(&x)?;
            self.emit(if tail { Op::TailCall(1) } else { Op::Call(1) }, span);
            return Ok(());
        }
        let at = self.operator_span(b);
        // The context lines of the operands (`+` has its own), or of the call of the
        // builtin Nix parses the operator as: fixed texts, as they are made for every
        // operator compiled.
        let (left, right) = match op {
            K::Concat => (
                "in the left operand of '++'",
                "in the right operand of '++'",
            ),
            K::Update => (
                "in the left operand of '//'",
                "in the right operand of '//'",
            ),
            K::Equal => (
                "in the left operand of '=='",
                "in the right operand of '=='",
            ),
            _ => (
                "in the left operand of '!='",
                "in the right operand of '!='",
            ),
        };
        let builtin = match op {
            K::Sub => Some("while calling the 'sub' builtin"),
            K::Mul => Some("while calling the 'mul' builtin"),
            K::Div => Some("while calling the 'div' builtin"),
            K::Concat | K::Update | K::Equal | K::NotEqual | K::Add => None,
            _ => Some("while calling the 'lessThan' builtin"),
        };
        let op = match op {
            K::Concat => Op::Concat,
            K::Update => Op::Update,
            K::Add => Op::Add,
            K::Sub => Op::Sub,
            K::Mul => Op::Mul,
            K::Div => Op::Div,
            K::Equal => Op::Eq,
            K::NotEqual => Op::NotEq,
            K::Less => Op::Less,
            K::LessOrEq => Op::LessEq,
            K::More => Op::Greater,
            K::MoreOrEq => Op::GreaterEq,
            K::And | K::Or | K::Implication | K::PipeLeft | K::PipeRight => {
                unreachable!("handled above")
            }
        };
        if let Some(builtin) = builtin {
            // Nix parses these as calls of builtins, which force their operands.
            let call = |c: &mut Self| {
                c.in_context(Some(at), builtin, |c| {
                    c.expr(&lhs, VALUE)?;
                    c.expr(&rhs, VALUE)?;
                    c.emit(op, at);
                    Ok(())
                })
            };
            // and `a <= b` as `!(b < a)`, `a >= b` as `!(a < b)`.
            if matches!(op, Op::LessEq | Op::GreaterEq) {
                return self.in_context(Some(at), "in the argument of '!'", call);
            }
            return call(self);
        }
        if op == Op::Add {
            // `+` reports its errors at the operand they concern.
            self.operand(&lhs, "in an operand of '+'")?;
            self.operand(&rhs, "in an operand of '+'")?;
            let pos = self.between(self.span_of(lhs.syntax()), self.span_of(rhs.syntax()));
            self.emit(op, pos);
            return Ok(());
        }
        self.operand(&lhs, left)?;
        self.operand(&rhs, right)?;
        let pos = if op == Op::Update {
            let l = self
                .nix_pos(&lhs)
                .unwrap_or_else(|| self.start_of(lhs.syntax()));
            let r = self
                .nix_pos(&rhs)
                .unwrap_or_else(|| self.start_of(rhs.syntax()));
            self.between(l, r)
        } else {
            at
        };
        self.emit(op, pos);
        Ok(())
    }

    /// `assert a == b; body`: when it fails, Nix says how `a` and `b` differ.
    fn assert_eq(
        &mut self,
        a: &ast::Assert,
        cond: &ast::Expr,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        eq: &ast::BinOp,
        ctx: Ctx,
    ) -> CResult {
        let at = self.operator_span(eq);
        self.in_context(Some(at), "in the condition of the assert statement", |c| {
            c.operand(lhs, "in the left operand of '=='")?;
            c.operand(rhs, "in the right operand of '=='")?;
            c.emit(Op::EqKeep, at);
            Ok(())
        })?;
        let text = crate::show::show_expr(cond, &self.show_context());
        let k = self.fs().constant(Value::string(text));
        let span = self.start_of(a.syntax());
        self.emit(Op::AssertEq(k), span);
        self.expr(&child(a.body(), a.syntax())?, ctx)
    }

    fn cur_pos(&self, node: &rnix::SyntaxNode) -> Value {
        let span = self.span_of(node);
        let file = &self.input.file;
        let lc = file.find_line_col(span.low());
        let line_start = file.line_span(lc.line).low();
        let col = (span.low() - line_start) as i64 + 1;
        let attrs = vec![
            nixvm_value::Attr::new(
                nixvm_value::symbol::well_known::file(),
                Value::string(file.name()),
            ),
            nixvm_value::Attr::new(
                nixvm_value::symbol::well_known::line(),
                Value::Int(lc.line as i64 + 1),
            ),
            nixvm_value::Attr::new(nixvm_value::symbol::well_known::column(), Value::Int(col)),
        ];
        Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs))
    }

    fn show_context(&self) -> crate::show::ShowContext<'_> {
        crate::show::ShowContext {
            base_dir: &self.input.base_dir,
            home: self.input.home.as_deref(),
        }
    }

    /// The name of a static attribute (`a`, `"a"`, `${"a"}`), or `None` if it is dynamic.
    fn static_attr_name(&self, attr: &ast::Attr) -> CResult<Option<Symbol>> {
        match attr {
            ast::Attr::Ident(id) => Ok(Some(self.ident_name(id))),
            ast::Attr::Str(s) => Ok(string_symbol(s)),
            ast::Attr::Dynamic(d) => match d.expr() {
                Some(ast::Expr::Str(s)) => Ok(string_symbol(&s)),
                _ => Ok(None),
            },
        }
    }

    /// Compiles a dynamic attribute name to a forced value.
    fn dynamic_attr_name(&mut self, attr: &ast::Attr) -> CResult {
        match attr {
            ast::Attr::Ident(_) => unreachable!("identifiers are static"),
            ast::Attr::Str(s) => self.string(s),
            ast::Attr::Dynamic(d) => self.expr(&child(d.expr(), d.syntax())?, VALUE),
        }
    }
}

/// The operands and operator of `a == b` (in any parentheses).
fn equality(e: &ast::Expr) -> Option<(ast::Expr, ast::Expr, ast::BinOp)> {
    match unparen(e)? {
        ast::Expr::BinOp(b) if b.operator() == Some(ast::BinOpKind::Equal) => {
            Some((b.lhs()?, b.rhs()?, b.clone()))
        }
        _ => None,
    }
}

/// `e` without the parentheses around it (they only group), looked through without
/// recursing however many there are; `None` only where an expression is missing.
pub(super) fn unparen(e: &ast::Expr) -> Option<ast::Expr> {
    let mut e = e.clone();
    while let ast::Expr::Paren(p) = &e {
        e = p.expr()?;
    }
    Some(e)
}

/// Whether a path literal has no interpolation.
fn is_plain_path(e: &ast::Expr) -> bool {
    let parts = match e {
        ast::Expr::PathAbs(p) => p.parts(),
        ast::Expr::PathRel(p) => p.parts(),
        ast::Expr::PathHome(p) => p.parts(),
        _ => return false,
    };
    parts
        .iter()
        .all(|p| matches!(p, ast::InterpolPart::Literal(_)))
}

/// The child an rnix node must have; missing only after a parse error.
fn child<T>(node: Option<T>, parent: &rnix::SyntaxNode) -> CResult<T> {
    node.ok_or_else(|| {
        let _ = parent;
        Error::new(parse_error("expression"))
    })
}

fn parse_error(what: &str) -> ErrorKind {
    ErrorKind::Parse(format!("syntax error, missing {what}"))
}

/// The value of a string literal without interpolation, as a name.
fn string_symbol(s: &ast::Str) -> Option<Symbol> {
    match crate::syntax::plain_text(s) {
        Some(text) => Some(Symbol::new(text)),
        None => literal_string(s).map(|s| Symbol::new(&s)),
    }
}

/// The value of a string literal without interpolation.
fn literal_string(s: &ast::Str) -> Option<String> {
    if let Some(text) = crate::syntax::plain_text(s) {
        return Some(text.to_string());
    }
    let mut out = String::new();
    for piece in crate::syntax::string_parts(s) {
        match piece {
            crate::syntax::StrPart::Lit(l) => out.push_str(&l),
            crate::syntax::StrPart::Interp(_) => return None,
        }
    }
    Some(out)
}
