//! Functions compiled on their first call.
//!
//! Most functions a large program reads are never called (a library's functions, a
//! package set's). Reading a file still checks each one as Nix does when it parses —
//! every variable resolves, with the same error at the same place — and finds what it
//! captures, but its code is made only when it is first called (`Op::CompileBody`).
//!
//! The check is a walk over the body's green tree ([`Walk`]) that binds names as the
//! compiler's scopes bind them, or fewer: a formal, a `let` or `rec` binding, an
//! identifier bound by nothing inside the body is resolved in the enclosing scopes
//! (capturing it, as the compiled body will read it), or is a global, or is left to the
//! `with` scopes around it. Where the walk is not certain that compiling would succeed —
//! a variable bound nowhere, a home path, syntax it does not expect — the function is
//! compiled at once instead, so that every error is reported when the file is read, by the
//! compiler itself. Binding fewer names than the compiler only captures a variable more,
//! never one fewer.
//!
//! The function's own lambda (a stub) has its kind, captures and name; the body compiled
//! later sees exactly those captures as its upvalues, with the builtins the compiler knew
//! them to be and the `with` scopes open around it ([`Outer`]). A body is deferred only
//! when it is large enough to be worth it and is not itself a function (`x: y: …` keeps
//! its outer function compiled, for calls with two arguments at once).

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use codemap::{File, Span};
use rnix::NixLanguage;
use rnix::SyntaxKind::{self, *};
use rnix::ast;
use rowan::ast::AstNode;
use rowan::{GreenNodeData, GreenTokenData, Language, NodeOrToken};
use rustc_hash::FxHashMap;

use nixvm_value::builtin::BuiltinDef;
use nixvm_value::code::{Capture, Deferred, Frameless, Lambda, LambdaKind, Location, Op};
use nixvm_value::{Error, Symbol};

use super::emit::FunctionState;
use super::scope::{ScopeChain, VarName};
use super::{CResult, CompileInput, Compiler, Globals};

/// Bodies shorter than this (in bytes of source) are compiled at once: a stub and its
/// first call cost about as much as compiling them, and small bodies are the ones that
/// may run without a frame (`Lambda::frameless`).
const MIN_DEFERRED: u32 = 128;

/// Calls shorter than this are compiled at once (a package set's `x = callPackage ./x { };`
/// is about as long).
const MIN_DEFERRED_THUNK: u32 = 24;

/// What a deferred body sees of the scopes around it.
#[derive(Clone, Default)]
pub(super) struct Outer {
    /// The function's upvalues, in order: the variable each is, and the builtin the
    /// compiler knew it to be.
    pub names: Vec<(VarName, Option<&'static BuiltinDef>)>,
    /// The `with` scopes open around the function, innermost first, each with the place
    /// of its `with` (their namespaces are among the upvalues).
    pub withs: Vec<(u32, Span)>,
}

/// What a file's deferred bodies share: the compiler's input besides the globals.
pub(super) struct FileInput {
    file: Arc<File>,
    base_dir: PathBuf,
    base_dir_text: Rc<str>,
    base_dir_canonical: Rc<[u8]>,
    home: Option<PathBuf>,
    pipe_operators: bool,
    pure_eval: bool,
    lints: nixvm_value::Lints,
}

impl FileInput {
    pub(super) fn of(c: &Compiler) -> FileInput {
        let input = c.input;
        FileInput {
            file: input.file.clone(),
            base_dir: input.base_dir.clone(),
            base_dir_text: c.base_dir_text.clone(),
            base_dir_canonical: c.base_dir_canonical.clone(),
            home: input.home.clone(),
            pipe_operators: input.pipe_operators,
            pure_eval: input.pure_eval,
            lints: input.lints,
        }
    }
}

/// A deferred body: the function's syntax, where it is, and what it sees.
struct Source {
    /// The function's own node (its tree dropped without deep recursion).
    tree: crate::syntax::Tree,
    /// Where the node starts in its file.
    offset: u32,
    input: Rc<FileInput>,
    name: Option<Symbol>,
    outer: Outer,
}

thread_local! {
    /// The tables of the last walk, empty, for the next (see `Compiler::stub`).
    static WALK_BUFFERS: std::cell::Cell<(FxHashMap<Symbol, Name>, Vec<Symbol>)> =
        std::cell::Cell::new(Default::default());

    /// The function states and scope chains of the last body compiled on first use, for
    /// the next: a body compiled alone would otherwise grow every buffer from nothing,
    /// where the compiler of a file reuses them from one function to the next.
    static SPARE_STATES: std::cell::Cell<(Vec<FunctionState>, Vec<ScopeChain>)> =
        std::cell::Cell::new(Default::default());
}

/// Why a walk stopped: compiling the body now is the sure way to get its errors right.
struct Unsure;

type W = Result<(), Unsure>;

impl<'a> Compiler<'a> {
    /// A stub for the function `l` (whose parameter the caller has read: `kind`), its body
    /// to be compiled when first called, if it is worth deferring and certainly compiles.
    pub(super) fn defer_function(
        &mut self,
        l: &ast::Lambda,
        body: &ast::Expr,
        kind: &LambdaKind,
        name: Option<Symbol>,
        span: Span,
    ) -> Option<Rc<Lambda>> {
        if !self.input.defer
            || u32::from(body.syntax().text_range().len()) < MIN_DEFERRED
            || super::bindings::lambda_of(body).is_some()
        {
            return None;
        }
        self.stub(l.syntax(), kind.clone(), name, span)
    }

    /// A stub for a thunk of `e`, compiled when first forced, if it is worth deferring and
    /// certainly compiles. Only a call is: its code returns what it calls, never a value it
    /// builds (`Lambda::makes`), and it needs a frame (`Lambda::frameless`), so the stub
    /// says of it what its code would.
    pub(super) fn defer_thunk(&mut self, e: &ast::Expr, span: Span) -> Option<Rc<Lambda>> {
        if !self.input.defer
            || !matches!(e, ast::Expr::Apply(_))
            || u32::from(e.syntax().text_range().len()) < MIN_DEFERRED_THUNK
        {
            return None;
        }
        self.stub(e.syntax(), LambdaKind::Thunk, None, span)
    }

    /// A stub of `kind` for the function or thunk body `node`, if it certainly compiles.
    fn stub(
        &mut self,
        node: &rnix::SyntaxNode,
        kind: LambdaKind,
        name: Option<Symbol>,
        span: Span,
    ) -> Option<Rc<Lambda>> {
        self.push_function(LambdaKind::Thunk, span);
        let level = self.level();
        // A stub copies what it captures: its creator's array is numbered as the
        // creator's code is, which a body compiled later cannot follow.
        self.chains[level].shares = false;
        let (names, undo) = WALK_BUFFERS.take();
        let mut walk = Walk {
            names,
            undo,
            withs: 0,
            outer_withs: self.any_withs(),
            need_withs: false,
            depth: 0,
            deepest: 0,
        };
        let green = node.green();
        let checked = match kind {
            LambdaKind::Function(_) => walk.lambda(self, green),
            _ => walk.expr(self, green),
        };
        // The buffers go to the next walk; a large table is not kept, as emptying it for
        // each small walk would cost more than it saves.
        let (mut names, mut undo) = (
            std::mem::take(&mut walk.names),
            std::mem::take(&mut walk.undo),
        );
        if names.capacity() <= 1024 {
            names.clear();
            undo.clear();
            WALK_BUFFERS.set((names, undo));
        }
        let outer = checked.ok().and_then(|()| {
            let mut outer = Outer::default();
            if walk.need_withs {
                for id in self.visible_withs() {
                    self.resolve(&VarName::With(id))?;
                    outer.withs.push((id, self.with_sites[id as usize]));
                }
            }
            let chain = &self.chains[level];
            outer.names = chain
                .captures
                .iter()
                .map(|(n, _)| (*n, self.bound_builtin(n).flatten()))
                .collect();
            Some(outer)
        });
        let captures: Box<[Capture]> = self.chains[level]
            .captures
            .iter()
            .map(|(_, c)| *c)
            .collect();
        self.chains[level].reset();
        self.open -= 1;
        let outer = outer?;
        let input = match &self.file_input {
            Some(input) => input.clone(),
            None => {
                let input = Rc::new(FileInput::of(self));
                self.file_input = Some(input.clone());
                input
            }
        };
        let offset = u32::from(node.text_range().start()) + self.offset;
        // Node levels per expression level are at most a few (a set, its binding, the
        // value): enough to tell a tree that needs dropping from the top.
        let depth = walk.deepest.saturating_mul(4).saturating_add(8);
        let source = Source {
            tree: crate::syntax::Tree::subtree(green.to_owned(), depth),
            offset,
            input,
            name,
            outer,
        };
        let location = Location::new(self.input.file.clone(), span.low());
        Some(Rc::new(Lambda {
            ops: Box::new([Op::CompileBody]),
            spans: Box::new([span]),
            constants: Box::new([]),
            symbols: Box::new([]),
            attr_names: Box::new([]),
            lambdas: Box::new([]),
            captures,
            shares: false,
            kind,
            name,
            span,
            location,
            frameless: Frameless::No,
            eager: false,
            makes: false,
            curried: None,
            contexts: Box::new([]),
            deferred: Some(Box::new(Deferred::new(Box::new(source)))),
        }))
    }
}

/// The compiled body of the deferred function `stub`, made on its first call (see
/// `crate::parse::compile_deferred`).
pub(crate) fn compile_body(stub: &Lambda, globals: &Globals) -> Result<Rc<Lambda>, Error> {
    let deferred = stub
        .deferred
        .as_ref()
        .expect("only a deferred function compiles its body");
    if let Some(body) = deferred.compiled.get() {
        return Ok(body.clone());
    }
    let source = deferred
        .source
        .borrow_mut()
        .take()
        .expect("a deferred body not compiled has its source");
    let source = source
        .downcast::<Source>()
        .unwrap_or_else(|_| unreachable!("a deferred body's source is the compiler's"));
    let root = rnix::SyntaxNode::new_root(source.tree.green().clone());
    let result = compile_source(root, stub, &source, globals);
    match result {
        Ok(body) => {
            let _ = deferred.compiled.set(body.clone());
            Ok(body)
        }
        Err(e) => {
            // It cannot fail (it was checked); if it did, it fails the same way each time.
            *deferred.source.borrow_mut() = Some(source);
            Err(e)
        }
    }
}

/// Compiles the body `root` of the deferred function or thunk `stub`.
fn compile_source(
    root: rnix::SyntaxNode,
    stub: &Lambda,
    source: &Source,
    globals: &Globals,
) -> CResult<Rc<Lambda>> {
    let f = &source.input;
    let input = CompileInput {
        file: f.file.clone(),
        base_dir: f.base_dir.clone(),
        home: f.home.clone(),
        globals,
        scope: None,
        pipe_operators: f.pipe_operators,
        pure_eval: f.pure_eval,
        lints: f.lints,
        defer: true,
    };
    let len = u64::from(u32::from(root.text_range().len()));
    let base = Some((f.base_dir_text.clone(), f.base_dir_canonical.clone()));
    let mut c = Compiler::new(&input, source.offset, len, base);
    (c.funcs, c.chains) = SPARE_STATES.take();
    c.file_input = Some(source.input.clone());
    // Withs around the body keep their numbers; those inside it come after.
    if !source.outer.withs.is_empty() {
        let last = source.outer.withs.iter().map(|(id, _)| *id + 1).max();
        c.with_sites = vec![f.file.span.subspan(0, 0); last.unwrap_or(0) as usize];
        for (id, site) in &source.outer.withs {
            c.with_sites[*id as usize] = *site;
        }
    }
    c.outer = source.outer.clone();
    let lambda = compile_stub_body(&mut c, root, stub, source)?;
    // Every state is finished and every chain reset once the body is compiled.
    SPARE_STATES.set((std::mem::take(&mut c.funcs), std::mem::take(&mut c.chains)));
    Ok(lambda)
}

/// The body of `stub`, from its tree `root`, compiled by `c`.
fn compile_stub_body(
    c: &mut Compiler,
    root: rnix::SyntaxNode,
    stub: &Lambda,
    source: &Source,
) -> CResult<Rc<Lambda>> {
    let mut lambda = match &stub.kind {
        LambdaKind::Function(_) => match ast::Lambda::cast(root) {
            Some(l) => c.function(&l, source.name, true)?,
            None => return Err(Error::new(super::parse_error("expression"))),
        },
        _ => match ast::Expr::cast(root) {
            Some(e) => {
                c.push_function(LambdaKind::Thunk, stub.span);
                c.take_outer_captures();
                if let Err(err) = c.expr(&e, super::TAIL) {
                    c.pop_function();
                    return Err(err);
                }
                c.emit(Op::Return, stub.span);
                c.pop_function()
            }
            None => return Err(Error::new(super::parse_error("expression"))),
        },
    };
    // What the stub captured is what the body's frame has.
    if let Some(body) = Rc::get_mut(&mut lambda) {
        body.captures = stub.captures.clone();
    }
    Ok(lambda)
}

/// Makes the stub `l`, whose upvalue `i` is now its creator's (or its creator's creator's)
/// `map[i]` (see `share.rs`), see them so numbered.
pub(super) fn share_numbering(l: &Lambda, map: &[u32]) {
    let Some(d) = &l.deferred else { return };
    let mut source = d.source.borrow_mut();
    let Some(source) = source.as_mut().and_then(|s| s.downcast_mut::<Source>()) else {
        return;
    };
    let len = map.iter().map(|&i| i as usize + 1).max().unwrap_or(0);
    // The others of the array it now reads are never read here: a name no variable has.
    let mut names = vec![(VarName::With(u32::MAX), None); len];
    for (i, name) in source.outer.names.iter().enumerate() {
        if let Some(&to) = map.get(i) {
            names[to as usize] = *name;
        }
    }
    source.outer.names = names;
}

impl Compiler<'_> {
    /// Makes the function just pushed, the body of a stub, see the stub's captures as its
    /// upvalues.
    pub(super) fn take_outer_captures(&mut self) {
        let level = self.level();
        self.chains[level].shares = false;
        self.chains[level].captures = (self.outer.names.iter().enumerate())
            .map(|(i, (n, _))| (*n, Capture::Upvalue(i as u32)))
            .collect();
    }
}

/// The check of a function's body: the names bound inside it, and what is not sure.
struct Walk {
    /// The names met so far: how many scopes inside the body bind each, and whether it
    /// is known to be bound outside it (or a global).
    names: FxHashMap<Symbol, Name>,
    /// The names bound, in order, to unbind them when their scopes end.
    undo: Vec<Symbol>,
    /// How many `with` scopes inside the body are open.
    withs: u32,
    /// Whether `with` scopes are open around the function.
    outer_withs: bool,
    /// Whether a name may be looked up in the `with` scopes around the function.
    need_withs: bool,
    depth: u32,
    deepest: u32,
}

fn kind(n: &GreenNodeData) -> SyntaxKind {
    NixLanguage::kind_from_raw(n.kind())
}

fn token_kind(t: &GreenTokenData) -> SyntaxKind {
    NixLanguage::kind_from_raw(t.kind())
}

/// The child nodes of `n`.
fn nodes(n: &GreenNodeData) -> impl Iterator<Item = &GreenNodeData> {
    n.children().filter_map(|c| match c {
        NodeOrToken::Node(n) => Some(n),
        NodeOrToken::Token(_) => None,
    })
}

/// The identifier token of an identifier node (the front end puts it first).
fn ident_token(n: &GreenNodeData) -> Result<&GreenTokenData, Unsure> {
    match n.children().next() {
        Some(NodeOrToken::Token(t)) if token_kind(t) == TOKEN_IDENT => Ok(t),
        _ => Err(Unsure),
    }
}

/// What a walk knows of a name.
#[derive(Default)]
struct Name {
    /// How many scopes inside the body bind it.
    bound: u32,
    /// Whether it resolves outside the body (captured) or is a global.
    outside: bool,
}

impl Walk {
    fn bind(&mut self, name: Symbol) {
        self.names.entry(name).or_default().bound += 1;
        self.undo.push(name);
    }

    /// Unbinds the names bound since `mark`.
    fn unbind_to(&mut self, mark: usize) {
        for name in self.undo.drain(mark..) {
            if let Some(n) = self.names.get_mut(&name) {
                n.bound -= 1;
            }
        }
    }

    /// A use of the variable `name`; `with_ok`: a `with` may provide it.
    fn reference(&mut self, c: &mut Compiler, name: Symbol, with_ok: bool) -> W {
        let known = self.names.entry(name).or_default();
        if known.bound > 0 || known.outside {
            return Ok(());
        }
        // Looked up once per walk: what is bound outside stays so while it runs.
        if c.resolve(&VarName::Named(name)).is_some() || c.input.globals.values.contains_key(&name)
        {
            known.outside = true;
            return Ok(());
        }
        if with_ok && (self.withs > 0 || self.outer_withs) {
            self.need_withs |= self.outer_withs;
            return Ok(());
        }
        Err(Unsure)
    }

    fn ident(&mut self, c: &mut Compiler, n: &GreenNodeData) -> W {
        let name = c.token_symbol(ident_token(n)?);
        self.reference(c, name, true)
    }

    fn expr(&mut self, c: &mut Compiler, n: &GreenNodeData) -> W {
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
        let r = crate::parse::deeper(|| self.expr_here(c, n));
        self.depth -= 1;
        r
    }

    fn expr_here(&mut self, c: &mut Compiler, n: &GreenNodeData) -> W {
        match kind(n) {
            NODE_IDENT => self.ident(c, n),
            NODE_LAMBDA => self.lambda(c, n),
            NODE_LET_IN => self.bindings(c, n, true),
            NODE_LEGACY_LET => self.bindings(c, n, true),
            NODE_ATTR_SET => {
                let rec = n
                    .children()
                    .map_while(|e| e.into_token())
                    .any(|t| token_kind(t) == TOKEN_REC);
                self.bindings(c, n, rec)
            }
            NODE_WITH => {
                let mut parts = nodes(n);
                let (Some(ns), Some(body)) = (parts.next(), parts.next()) else {
                    return Err(Unsure);
                };
                self.expr(c, ns)?;
                self.withs += 1;
                let r = self.expr(c, body);
                self.withs -= 1;
                r
            }
            NODE_SELECT | NODE_HAS_ATTR => {
                for part in nodes(n) {
                    if kind(part) == NODE_ATTRPATH {
                        self.attrpath(c, part, 0)?;
                    } else {
                        self.expr(c, part)?;
                    }
                }
                Ok(())
            }
            NODE_PATH_SEARCH => {
                // `<p>` is `__findFile __nixPath "p"`, with those variables as they are
                // bound where it is (no `with` provides them).
                self.reference(c, Symbol::new("__findFile"), false)?;
                self.reference(c, Symbol::new("__nixPath"), false)
            }
            NODE_PATH_ABS | NODE_PATH_REL => {
                let first_is_node = matches!(n.children().next(), Some(NodeOrToken::Node(_)));
                let plain = nodes(n).next().is_none();
                let slash = n
                    .children()
                    .filter_map(|e| e.into_token())
                    .any(|t| t.text().len() > 1 && t.text().ends_with('/'));
                if first_is_node || (plain && slash) {
                    return Err(Unsure);
                }
                nodes(n).try_for_each(|i| self.expr(c, i))
            }
            NODE_LITERAL => {
                let ok = n.children().all(|t| match t {
                    NodeOrToken::Token(t) => match token_kind(t) {
                        TOKEN_INTEGER => t.text().parse::<i64>().is_ok(),
                        TOKEN_FLOAT => t.text().parse::<f64>().is_ok(),
                        _ => true,
                    },
                    NodeOrToken::Node(_) => false,
                });
                if ok { Ok(()) } else { Err(Unsure) }
            }
            NODE_BIN_OP => {
                let pipe = n
                    .children()
                    .filter_map(|e| e.into_token())
                    .any(|t| matches!(token_kind(t), TOKEN_PIPE_LEFT | TOKEN_PIPE_RIGHT));
                if pipe && !c.input.pipe_operators {
                    return Err(Unsure);
                }
                nodes(n).try_for_each(|e| self.expr(c, e))
            }
            NODE_STRING | NODE_INTERPOL | NODE_DYNAMIC | NODE_PAREN | NODE_APPLY | NODE_LIST
            | NODE_IF_ELSE | NODE_ASSERT | NODE_UNARY_OP | NODE_CUR_POS | NODE_ROOT => {
                nodes(n).try_for_each(|e| self.expr(c, e))
            }
            _ => Err(Unsure),
        }
    }

    /// The expressions in an attribute path from its `from`th attribute on (the names
    /// themselves are not variables).
    fn attrpath(&mut self, c: &mut Compiler, n: &GreenNodeData, from: usize) -> W {
        for attr in nodes(n).skip(from) {
            match kind(attr) {
                NODE_IDENT => {}
                NODE_STRING | NODE_DYNAMIC => self.expr(c, attr)?,
                _ => return Err(Unsure),
            }
        }
        Ok(())
    }

    /// A function: its parameter's names are bound in its defaults and body.
    fn lambda(&mut self, c: &mut Compiler, n: &GreenNodeData) -> W {
        let mark = self.undo.len();
        let mut parts = nodes(n);
        let (Some(param), Some(body)) = (parts.next(), parts.next()) else {
            return Err(Unsure);
        };
        let mut defaults = Vec::new();
        match kind(param) {
            NODE_IDENT_PARAM => {
                let id = nodes(param).next().ok_or(Unsure)?;
                self.bind(c.token_symbol(ident_token(id)?));
            }
            NODE_PATTERN => {
                for part in nodes(param) {
                    match kind(part) {
                        NODE_PAT_ENTRY => {
                            let mut entry = nodes(part);
                            let id = entry.next().ok_or(Unsure)?;
                            self.bind(c.token_symbol(ident_token(id)?));
                            defaults.extend(entry);
                        }
                        NODE_PAT_BIND => {
                            let id = nodes(part).next().ok_or(Unsure)?;
                            self.bind(c.token_symbol(ident_token(id)?));
                        }
                        _ => return Err(Unsure),
                    }
                }
            }
            _ => return Err(Unsure),
        }
        let r = defaults
            .into_iter()
            .try_for_each(|d| self.expr(c, d))
            .and_then(|()| self.expr(c, body));
        self.unbind_to(mark);
        r
    }

    /// A set's or a `let`'s bindings (and a `let`'s body). In a recursive one the names
    /// bound by a plain first attribute (`a = …;`, `a.b = …;`, `inherit a;`) are seen by
    /// the values and the body; sources of `inherit (…)`, names after the first and
    /// dynamic names are looked at outside them, which binds no more than the compiler.
    fn bindings(&mut self, c: &mut Compiler, n: &GreenNodeData, rec: bool) -> W {
        let mark = self.undo.len();
        let mut names = Vec::new();
        for part in nodes(n) {
            match kind(part) {
                NODE_INHERIT => {
                    let mut from = false;
                    for x in nodes(part) {
                        match kind(x) {
                            NODE_INHERIT_FROM => {
                                from = true;
                                nodes(x).try_for_each(|e| self.expr(c, e))?;
                            }
                            NODE_IDENT => {
                                let name = c.token_symbol(ident_token(x)?);
                                if !from {
                                    self.reference(c, name, true)?;
                                }
                                names.push(name);
                            }
                            _ => return Err(Unsure),
                        }
                    }
                }
                NODE_ATTRPATH_VALUE => {
                    let path = nodes(part).next().ok_or(Unsure)?;
                    if kind(path) != NODE_ATTRPATH {
                        return Err(Unsure);
                    }
                    let first = nodes(path).next().ok_or(Unsure)?;
                    if kind(first) == NODE_IDENT {
                        names.push(c.token_symbol(ident_token(first)?));
                        self.attrpath(c, path, 1)?;
                    } else {
                        self.attrpath(c, path, 0)?;
                    }
                }
                _ => {}
            }
        }
        if rec {
            for name in names {
                self.bind(name);
            }
        }
        let r = nodes(n).try_for_each(|part| match kind(part) {
            NODE_INHERIT => Ok(()),
            NODE_ATTRPATH_VALUE => nodes(part).skip(1).try_for_each(|v| self.expr(c, v)),
            // A `let`'s body.
            _ => self.expr(c, part),
        });
        self.unbind_to(mark);
        r
    }
}
