//! nixvm: a lazy evaluator for the Nix language on a frame-stack VM.
//!
//! ```
//! let mut ev = nixvm::Evaluator::new();
//! let v = ev.eval_expr("let f = n: if n == 0 then 0 else n + f (n - 1); in f 10").unwrap();
//! assert_eq!(ev.print(&v, true).unwrap(), "55");
//! ```
//!
//! The pipeline: source text → syntax tree (`syntax`, `parse`) → compiled [`Lambda`]s
//! (`compiler`) → evaluation on the VM (`vm`), whose builtins live in the `nixvm-builtins`
//! crate and whose data model lives in `nixvm-value`. See `ARCHITECTURE.md`.
//!
//! An [`Evaluator`] is pure by default: files and the environment are off limits unless you
//! give it an [`EvalIO`] that allows them (`Evaluator::builder().io(StdIO)`), and it writes
//! nothing to a Nix store unless you give it one that does
//! (`Evaluator::builder().store(DaemonStore::connect_default()?)`).

mod compiler;
pub mod limits;
mod parse;
mod render;
mod show;
mod sources;
mod store;
mod syntax;
mod vm;

pub mod output;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use codemap::Span;
use smol_str::SmolStr;

pub use nixvm_value::code::Lambda;
pub use nixvm_value::host::SearchPathEntry;
pub use nixvm_value::{
    Attr, BuildTarget, Error as RawError, ErrorKind, EvalIO, EvalStore, FileIngestion, Limit,
    LintLevel, Lints, NixAttrs, NixList, NixString, NoStore, PureIO, Settings, StdIO, Symbol,
    Value, ValueType,
};

pub use limits::{Interrupt, Limits};
pub use store::{DaemonStore, daemon_socket};

use compiler::Globals;
use sources::Sources;
use vm::{HostState, Vm};

/// An evaluation error, rendered as Nix renders it.
#[derive(Debug, Clone)]
pub struct Error {
    inner: RawError,
    rendered: String,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        self.inner.kind()
    }

    /// The message without position or trace ("undefined variable 'x'").
    pub fn message(&self) -> String {
        self.inner.kind().to_string()
    }

    /// The whole error as `nix-instantiate` prints it: `error: …`, the trace, the position
    /// and the source excerpt.
    pub fn rendered(&self) -> &str {
        &self.rendered
    }

    /// The underlying error value.
    pub fn raw(&self) -> &RawError {
        &self.inner
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl std::error::Error for Error {}

/// Configures an [`Evaluator`].
pub struct EvaluatorBuilder {
    io: Box<dyn EvalIO>,
    store: Box<dyn EvalStore>,
    settings: Settings,
    show_trace: bool,
    limits: Limits,
    interrupt: Interrupt,
    messages: Option<vm::host::MessageSink>,
}

impl EvaluatorBuilder {
    /// File and environment access (default: [`PureIO`], which refuses everything).
    pub fn io(mut self, io: impl EvalIO + 'static) -> Self {
        self.io = Box::new(io);
        self
    }

    /// The Nix store (default: [`NoStore`], which writes nothing: store paths are computed
    /// and nothing is built). Give it a [`DaemonStore`] to write what evaluation makes into
    /// a real store and to build for import from derivation.
    pub fn store(mut self, store: impl EvalStore + 'static) -> Self {
        self.store = Box::new(store);
        self
    }

    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// What the parser does about discouraged syntax: URL literals, and path literals that
    /// are absolute or not prefixed with `./` (Nix's `lint-*` settings).
    ///
    /// ```
    /// use nixvm::{Evaluator, LintLevel, Lints};
    /// let mut ev = Evaluator::builder()
    ///     .lints(Lints { url_literals: LintLevel::Fatal, ..Lints::default() })
    ///     .build();
    /// let e = ev.eval_expr("http://example.org").unwrap_err();
    /// assert_eq!(
    ///     e.message(),
    ///     "URL literals are disallowed. Consider using a string literal \
    ///      \"http://example.org\" instead (lint-url-literals)"
    /// );
    /// ```
    pub fn lints(mut self, lints: Lints) -> Self {
        self.settings.lints = lints;
        self
    }

    /// Render errors with the full trace.
    pub fn show_trace(mut self, on: bool) -> Self {
        self.show_trace = on;
        self
    }

    /// Limits on each evaluation: call depth, steps, time (default: Nix's call depth
    /// limit only). See [`limits`].
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The interrupt handle the evaluator obeys (default: a new one of its own, which
    /// [`Evaluator::interrupt_handle`] returns). Give several evaluators the same handle
    /// to stop whichever is running with one trigger.
    pub fn interrupt(mut self, interrupt: Interrupt) -> Self {
        self.interrupt = interrupt;
        self
    }

    /// Where `builtins.trace` and warnings go (default: standard error).
    pub fn messages(mut self, sink: impl FnMut(&str) + 'static) -> Self {
        self.messages = Some(Box::new(sink));
        self
    }

    pub fn build(self) -> Evaluator {
        let sources = Rc::new(RefCell::new(Sources::new()));
        let globals = Rc::new(make_globals(&self.settings));
        let host = HostState {
            io: Box::new(nixvm_builtins::corepkgs::WithCorepkgs(self.io)),
            store: self.store,
            settings: self.settings,
            sources: sources.clone(),
            messages: self
                .messages
                .unwrap_or_else(|| Box::new(|m: &str| eprintln!("{m}"))),
            extensions: Default::default(),
        };
        let budget = vm::Budget::new(self.limits, self.interrupt);
        let mut vm = Vm::new(host, globals, budget);
        vm.show_trace = self.show_trace;
        Evaluator {
            vm,
            sources,
            show_trace: self.show_trace,
        }
    }
}

/// Builds the scope every file starts in: each builtin under its global name, and `builtins`.
fn make_globals(settings: &Settings) -> Globals {
    use nixvm_builtins::registry;
    use nixvm_value::{Attr, Symbol, Thunk};

    let mut values = rustc_hash::FxHashMap::default();
    let mut attrs = Vec::new();
    for def in registry::enabled_functions(settings) {
        let v = Value::Builtin(def);
        attrs.push(Attr::new(Symbol::new(def.name), v.clone()));
        values.insert(SmolStr::new(def.scope_name()), v);
    }
    for (name, v) in registry::constants(settings) {
        attrs.push(Attr::new(Symbol::new(name), v.clone()));
        values.insert(SmolStr::new(registry::global_name(name)), v);
    }
    // `builtins.builtins` is `builtins`: tie the knot through an evaluated thunk.
    let knot = Thunk::blank();
    attrs.push(Attr::new(
        Symbol::new("builtins"),
        Value::Thunk(knot.clone()),
    ));
    let set = Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs));
    knot.finish(set.clone());
    values.insert(SmolStr::new("builtins"), set);
    Globals { values }
}

/// Evaluates Nix expressions.
pub struct Evaluator {
    vm: Vm,
    sources: Rc<RefCell<Sources>>,
    show_trace: bool,
}

impl Default for Evaluator {
    fn default() -> Self {
        Evaluator::new()
    }
}

impl Evaluator {
    /// A pure evaluator: no file or environment access.
    pub fn new() -> Evaluator {
        Evaluator::builder().build()
    }

    pub fn builder() -> EvaluatorBuilder {
        EvaluatorBuilder {
            io: Box::new(PureIO),
            store: Box::new(NoStore),
            settings: Settings::default(),
            show_trace: false,
            limits: Limits::default(),
            interrupt: Interrupt::new(),
            messages: None,
        }
    }

    /// The evaluator's store (see [`EvaluatorBuilder::store`]).
    pub fn store(&mut self) -> &mut dyn EvalStore {
        &mut *self.vm.host.store
    }

    pub fn set_show_trace(&mut self, on: bool) {
        self.show_trace = on;
        self.vm.show_trace = on;
    }

    /// The limits each evaluation runs under.
    pub fn limits(&self) -> &Limits {
        &self.vm.budget.limits
    }

    /// Changes the limits of the evaluations that start from now on.
    pub fn set_limits(&mut self, limits: Limits) {
        self.vm.budget.limits = limits;
    }

    /// The handle that interrupts this evaluator's evaluations, from any thread.
    pub fn interrupt_handle(&self) -> Interrupt {
        self.vm.budget.interrupt.clone()
    }

    /// The steps the last evaluation took (or the one running, seen from a builtin), as
    /// [`Limits::max_steps`] counts them.
    pub fn steps_taken(&self) -> u64 {
        self.vm.budget.steps_taken()
    }

    /// The limit on nested function calls.
    pub fn max_call_depth(&self) -> usize {
        self.vm.budget.limits.max_call_depth
    }

    /// Whether errors are rendered with their whole trace.
    pub fn show_trace(&self) -> bool {
        self.show_trace
    }

    /// Print every frame entered and left on standard error (`--trace-runtime`).
    pub fn set_trace_runtime(&mut self, on: bool) {
        self.vm.trace_runtime = on;
    }

    /// Wraps an internal error with its rendering.
    pub fn error(&self, e: RawError) -> Error {
        let rendered = render::render_error(&e, &self.sources.borrow(), self.show_trace);
        Error { inner: e, rendered }
    }

    fn no_span(&self) -> Span {
        // A zero-length span in an empty file, for values that come from nowhere.
        let mut s = self.sources.borrow_mut();
        s.add("«none»".into(), String::new()).span
    }

    /// Compiles an expression given as text. `name` is what positions show (`«string»`),
    /// `base_dir` what relative paths resolve against. The text is bytes, as Nix reads it:
    /// where it is not UTF-8 the error is Nix's (a byte outside strings and comments that is
    /// not ASCII is an invalid token), or that nixvm cannot read it yet.
    pub fn compile(
        &mut self,
        source: impl AsRef<[u8]>,
        name: &str,
        base_dir: &Path,
    ) -> Result<Rc<Lambda>, Error> {
        let source = parse::Source {
            name,
            bytes: source.as_ref().to_vec(),
            base_dir: Some(base_dir),
            scope: None,
        };
        self.vm.compile_source(source).map_err(|e| self.error(e))
    }

    /// Evaluates an expression to weak head normal form; relative paths resolve against
    /// the current directory.
    pub fn eval_expr(&mut self, source: &str) -> Result<Value, Error> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        self.eval_source(source, "«string»", &cwd)
    }

    /// Evaluates source text with the given name and base directory.
    pub fn eval_source(
        &mut self,
        source: &str,
        name: &str,
        base_dir: &Path,
    ) -> Result<Value, Error> {
        let lambda = self.compile(source, name, base_dir)?;
        self.run(lambda)
    }

    /// Compiles source text in which the attributes of `scope` are variables, bound
    /// outside every other scope but inside the builtins (so they shadow them), as the
    /// REPL's variables are. Run it with [`Evaluator::run_in_scope`] and the same scope.
    ///
    /// ```
    /// use nixvm::{Attr, NixAttrs, Symbol, Value};
    /// let mut ev = nixvm::Evaluator::new();
    /// let scope = NixAttrs::from_unsorted_first_wins(vec![
    ///     Attr::new(Symbol::new("x"), Value::Int(20)),
    ///     Attr::new(Symbol::new("map"), Value::Int(1)),
    /// ]);
    /// let code = ev
    ///     .compile_in_scope("x + map + builtins.length [ 1 ]", "«string»", "/".as_ref(), &scope)
    ///     .unwrap();
    /// let v = ev.run_in_scope(code, &scope).unwrap();
    /// assert_eq!(ev.print(&v, false).unwrap(), "22");
    /// ```
    pub fn compile_in_scope(
        &mut self,
        source: &str,
        name: &str,
        base_dir: &Path,
        scope: &NixAttrs,
    ) -> Result<Rc<Lambda>, Error> {
        let source = parse::Source {
            name,
            bytes: source.as_bytes().to_vec(),
            base_dir: Some(base_dir),
            scope: Some(scope),
        };
        self.vm.compile_source(source).map_err(|e| self.error(e))
    }

    /// Evaluates code compiled by [`Evaluator::compile_in_scope`] with the same scope.
    pub fn run_in_scope(&mut self, code: Rc<Lambda>, scope: &NixAttrs) -> Result<Value, Error> {
        self.vm
            .eval_toplevel_in(code, scope.clone())
            .map_err(|e| self.error(e))
    }

    /// Forgets the files evaluated so far, so that the next `import` of each reads it
    /// again (the REPL's `:reload`).
    pub fn reset_file_cache(&mut self) {
        self.vm.imports.clear();
    }

    /// The source file that position `pos` (of a span in a value or an error) lies in, if
    /// this evaluator read it.
    pub fn source_file(&self, pos: codemap::Pos) -> Option<std::sync::Arc<codemap::File>> {
        self.sources.borrow().file_of(pos).cloned()
    }

    /// `file:line:column` of a position in a source this evaluator read.
    pub fn position(&self, pos: codemap::Pos) -> Option<String> {
        let (file, line, col) = render::line_col(&self.sources.borrow(), pos)?;
        Some(format!("{file}:{line}:{col}"))
    }

    /// Evaluates a compiled expression to weak head normal form.
    pub fn run(&mut self, lambda: Rc<Lambda>) -> Result<Value, Error> {
        self.vm.eval_toplevel(lambda).map_err(|e| self.error(e))
    }

    /// Evaluates a file (`import path`).
    pub fn eval_file(&mut self, path: &Path) -> Result<Value, Error> {
        let site = self.no_span();
        let path = path.to_path_buf();
        self.vm
            .run_gen("import", site, move |co| {
                Box::pin(async move { Ok(co.import(path, None).await) })
            })
            .map_err(|e| self.error(e))
    }

    /// Forces a value to weak head normal form.
    pub fn force(&mut self, v: &Value) -> Result<Value, Error> {
        let site = self.no_span();
        self.vm.force(v.clone(), site).map_err(|e| self.error(e))
    }

    /// Forces a value completely.
    pub fn deep_force(&mut self, v: &Value) -> Result<Value, Error> {
        let site = self.no_span();
        self.vm
            .deep_force(v.clone(), site)
            .map_err(|e| self.error(e))
    }

    /// Applies a function to arguments.
    pub fn call(&mut self, f: &Value, args: Vec<Value>) -> Result<Value, Error> {
        let site = self.no_span();
        self.vm
            .call(f.clone(), args, site)
            .map_err(|e| self.error(e))
    }

    /// Prints a value as `nix-instantiate --eval` does; with `strict`, forces it completely
    /// first (`--strict`).
    pub fn print(&mut self, v: &Value, strict: bool) -> Result<String, Error> {
        let v = if strict {
            self.deep_force(v)?
        } else {
            self.force(v)?
        };
        Ok(output::ambiguous(&v))
    }

    /// Coerces a value to a string (`--raw`).
    pub fn to_string_raw(&mut self, v: &Value) -> Result<Vec<u8>, Error> {
        let site = self.no_span();
        let v = v.clone();
        let s = self
            .vm
            .run_gen("toString", site, move |co| {
                Box::pin(async move {
                    Ok(Value::String(
                        co.coerce(v, nixvm_value::Coercion::INTERPOLATION).await,
                    ))
                })
            })
            .map_err(|e| self.error(e))?;
        match s {
            Value::String(s) => Ok(s.as_bytes().to_vec()),
            _ => Ok(Vec::new()),
        }
    }

    /// The value as JSON (`--json`); with `strict`, everything in it is forced first,
    /// otherwise a value not yet evaluated is an error, as in Nix.
    pub fn to_json(&mut self, v: &Value, strict: bool) -> Result<Vec<u8>, Error> {
        use nixvm_builtins::formats::to_json::{JsonOptions, to_json};
        let site = self.no_span();
        let v = v.clone();
        let opts = JsonOptions {
            strict,
            copy_to_store: true,
        };
        let s = self
            .vm
            .run_gen("JSON output", site, move |co| {
                Box::pin(async move { Ok(Value::String(to_json(&co, v, opts).await?)) })
            })
            .map_err(|e| self.error(e))?;
        match s {
            Value::String(s) => Ok(s.as_bytes().to_vec()),
            _ => Ok(Vec::new()),
        }
    }

    /// The value as an XML document (`--xml`); `location` adds source positions.
    pub fn to_xml(&mut self, v: &Value, strict: bool, location: bool) -> Result<Vec<u8>, Error> {
        use nixvm_builtins::formats::to_xml::{XmlOptions, to_xml};
        let site = self.no_span();
        let v = v.clone();
        let opts = XmlOptions { strict, location };
        let s = self
            .vm
            .run_gen("XML output", site, move |co| {
                Box::pin(async move { Ok(Value::String(to_xml(&co, v, opts).await?)) })
            })
            .map_err(|e| self.error(e))?;
        match s {
            Value::String(s) => Ok(s.as_bytes().to_vec()),
            _ => Ok(Vec::new()),
        }
    }

    /// Parses source text and prints it as `nix-instantiate --parse` does.
    pub fn parse_and_show(
        &mut self,
        source: impl AsRef<[u8]>,
        name: &str,
        base_dir: &Path,
    ) -> Result<String, Error> {
        let source = parse::Source {
            name,
            bytes: source.as_ref().to_vec(),
            base_dir: Some(base_dir),
            scope: None,
        };
        parse::show_source(source, self.vm.reader()).map_err(|e| self.error(e))
    }
}

/// Canonical path helper shared with the VM.
pub(crate) mod compiler_support {
    pub use crate::compiler::canonicalize;
}
