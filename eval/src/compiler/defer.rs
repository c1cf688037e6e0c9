//! Functions compiled on their first call.
//!
//! Most functions a large program reads are never called (a library's functions, a
//! package set's). Reading a file still checks each one as Nix does when it parses —
//! every variable resolves, with the same error at the same place — and finds what it
//! captures, but its code is made only when it is first called (`Op::CompileBody`).
//!
//! The check (`check.rs`) is a walk over the body that binds names as the compiler's scopes
//! do, or fewer, and finds what the body reads from the scopes around it; where it is not
//! certain that compiling would succeed, the function is compiled at once instead, so that
//! every error is reported when the file is read, by the compiler itself.
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
use rnix::ast;
use rowan::ast::AstNode;

use nixvm_value::builtin::BuiltinDef;
use nixvm_value::code::{Capture, Deferred, Frameless, Lambda, LambdaKind, Location, Op};
use nixvm_value::{Error, Symbol};

use super::emit::FunctionState;
use super::scope::{ScopeChain, VarName};
use super::{CResult, CompileInput, Compiler, Globals};

/// Bodies shorter than this (in bytes of source) are compiled at once: a stub and its
/// first call cost about as much as compiling them, and small bodies are the ones that
/// may run without a frame (`Lambda::frameless`).
pub(super) const MIN_DEFERRED: u32 = 128;

/// Calls shorter than this are compiled at once (a package set's `x = callPackage ./x { };`
/// is about as long).
pub(super) const MIN_DEFERRED_THUNK: u32 = 24;

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
    /// What the walk that made the stub found of the functions and calls inside the body.
    checks: Option<super::check::Checks>,
}

thread_local! {
    /// The function states and scope chains of the last body compiled on first use, for
    /// the next: a body compiled alone would otherwise grow every buffer from nothing,
    /// where the compiler of a file reuses them from one function to the next.
    static SPARE_STATES: std::cell::Cell<(Vec<FunctionState>, Vec<ScopeChain>)> =
        std::cell::Cell::new(Default::default());
}

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
        let green = node.green();
        let check = self.check(green, &kind);
        let outer = check.ok.ok().and_then(|()| {
            let mut outer = Outer::default();
            if check.need_withs {
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
        let depth = check.deepest.saturating_mul(4).saturating_add(8);
        let source = Source {
            tree: crate::syntax::Tree::subtree(green.to_owned(), depth),
            offset,
            input,
            name,
            outer,
            checks: check.checks,
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
    let mut source = source
        .downcast::<Source>()
        .unwrap_or_else(|_| unreachable!("a deferred body's source is the compiler's"));
    let root = rnix::SyntaxNode::new_root(source.tree.green().clone());
    let result = compile_source(root, stub, &mut source, globals);
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
    source: &mut Source,
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
    let base = Some((f.base_dir_text.clone(), f.base_dir_canonical.clone()));
    let mut c = Compiler::new(&input, source.offset, base);
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
    c.checks = source.checks.take().map(super::check::CheckIndex::new);
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
