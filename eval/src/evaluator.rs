//! The [`Evaluator`]: evaluating source text and files, forcing and calling values, and
//! printing them as `nix-instantiate` does.
//!
//! Every method takes `&self`, so that results can be passed straight on
//! (`ev.print(&ev.call(&f, [x])?, true)`) and values that borrow the evaluator ([`Val`]) can
//! be held while evaluating more. Evaluation is not reentrant: a builtin written in Rust is
//! given its arguments, not the evaluator.

use std::cell::{RefCell, RefMut};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use codemap::Span;

use nixvm_value::{NixAttrs, Value};

use crate::error::Error;
use crate::limits::{Interrupt, Limits};
use crate::sources::Sources;
use crate::val::Val;
use crate::vm::Vm;
use crate::{Lambda, RawError, output, parse};

/// Evaluates Nix expressions. See the [crate documentation](crate) for the ways to make one.
///
/// An evaluator holds everything evaluation produced so far: the files it read and
/// compiled, the values of imported files, the store paths it computed. Values it returns
/// share that state and must be used with the same evaluator. It is confined to the thread
/// that made it (see [the threading model](crate#threads-and-async)).
pub struct Evaluator {
    vm: RefCell<Vm>,
    sources: Rc<RefCell<Sources>>,
}

impl Default for Evaluator {
    fn default() -> Self {
        Evaluator::new()
    }
}

impl Evaluator {
    /// A pure evaluator (the [`pure`](crate::EvaluatorBuilder::pure) preset): no file,
    /// environment, clock or search path.
    pub fn new() -> Evaluator {
        Evaluator::builder().build()
    }

    pub(crate) fn from_parts(vm: Vm, sources: Rc<RefCell<Sources>>) -> Evaluator {
        Evaluator {
            vm: RefCell::new(vm),
            sources,
        }
    }

    /// The VM, for one operation. Evaluation never calls back into the evaluator, so the
    /// borrow is never taken twice.
    fn vm(&self) -> RefMut<'_, Vm> {
        self.vm
            .try_borrow_mut()
            .expect("the evaluator is not reentrant: a Rust builtin cannot call it")
    }

    /// Render errors with the whole trace (`--show-trace`).
    pub fn set_show_trace(&self, on: bool) {
        self.vm().show_trace = on;
    }

    /// Whether errors are rendered with their whole trace.
    pub fn show_trace(&self) -> bool {
        self.vm().show_trace
    }

    /// The evaluator's store (see [`EvaluatorBuilder::store`]). Let it go before
    /// evaluating again: the evaluator cannot run while it is borrowed.
    ///
    /// [`EvaluatorBuilder::store`]: crate::EvaluatorBuilder::store
    pub fn store(&self) -> RefMut<'_, dyn crate::EvalStore> {
        RefMut::map(self.vm(), |vm| &mut *vm.host.store)
    }

    /// Print every frame entered and left on standard error (`--trace-runtime`).
    pub fn set_trace_runtime(&self, on: bool) {
        self.vm().trace_runtime = on;
    }

    /// The limit on nested function calls (a shorthand for `limits().max_call_depth`).
    pub fn max_call_depth(&self) -> usize {
        self.vm().budget.limits.max_call_depth
    }

    /// The limits each evaluation runs under.
    pub fn limits(&self) -> Limits {
        self.vm().budget.limits.clone()
    }

    /// Changes the limits of the evaluations that start from now on.
    pub fn set_limits(&self, limits: Limits) {
        self.vm().budget.limits = limits;
    }

    /// The handle that interrupts this evaluator's evaluations, from any thread.
    pub fn interrupt_handle(&self) -> Interrupt {
        self.vm().budget.interrupt.clone()
    }

    /// The steps the last evaluation took, as [`Limits::max_steps`] counts them.
    pub fn steps_taken(&self) -> u64 {
        self.vm().budget.steps_taken()
    }

    /// Wraps an error of the evaluator's builtins or VM with its location and rendering.
    pub fn error(&self, e: RawError) -> Error {
        let show_trace = self.vm().show_trace;
        Error::new(e, &self.sources.borrow(), show_trace)
    }

    /// Runs one operation on the VM, turning its error into an [`Error`].
    pub(crate) fn with_vm<T>(
        &self,
        f: impl FnOnce(&mut Vm) -> Result<T, RawError>,
    ) -> Result<T, Error> {
        let result = f(&mut self.vm());
        result.map_err(|e| self.error(e))
    }

    /// The site of operations that come from Rust rather than from a place in a source.
    fn nowhere(&self) -> Span {
        self.vm().nowhere
    }

    /// A value bound to this evaluator, for its typed accessors.
    pub fn value(&self, v: impl Into<Value>) -> Val<'_> {
        Val::new(self, v.into())
    }

    /// Compiles an expression given as text. `name` is what positions show (`«string»`),
    /// `base_dir` what relative paths resolve against. The text is bytes, as Nix reads it:
    /// where it is not UTF-8 the error is Nix's (a byte outside strings and comments that is
    /// not ASCII is an invalid token), or that nixvm cannot read it yet.
    pub fn compile(
        &self,
        source: impl AsRef<[u8]>,
        name: &str,
        base_dir: &Path,
    ) -> Result<Rc<Lambda>, Error> {
        let source = source.as_ref();
        self.read(source, name, base_dir, None, parse::compile_source)
    }

    /// Hands `bytes` to the front end's `read`, with this evaluator's file table, settings
    /// and globals, and `scope`'s attributes as variables.
    fn read<T>(
        &self,
        bytes: &[u8],
        name: &str,
        base_dir: &Path,
        scope: Option<&NixAttrs>,
        read: impl FnOnce(parse::Source, parse::Reader) -> Result<T, RawError>,
    ) -> Result<T, Error> {
        let source = parse::Source {
            name,
            bytes: bytes.to_vec(),
            base_dir: Some(base_dir),
            scope,
            transient: false,
        };
        self.with_vm(|vm| read(source, vm.reader()))
    }

    /// Evaluates an expression to weak head normal form; relative paths resolve against
    /// the current directory.
    ///
    /// ```
    /// let ev = nixvm::Evaluator::new();
    /// let v = ev.eval_expr("{ a = 1 + 2; }").unwrap();
    /// assert_eq!(v.get("a").unwrap().as_int().unwrap(), 3);
    /// ```
    pub fn eval_expr(&self, source: &str) -> Result<Val<'_>, Error> {
        self.eval_source(source, "«string»", &current_dir())
    }

    /// Evaluates source text with the given name (shown in positions) and base directory
    /// (for relative paths).
    pub fn eval_source(&self, source: &str, name: &str, base_dir: &Path) -> Result<Val<'_>, Error> {
        let lambda = self.compile(source, name, base_dir)?;
        self.run(lambda)
    }

    /// Evaluates an expression with extra variables in scope: each attribute of `scope`, a
    /// set, is a variable, bound outside every other scope but inside the builtins (so
    /// they shadow them). Relative paths resolve against the current directory.
    ///
    /// ```
    /// let ev = nixvm::Evaluator::new();
    /// let scope = ev.eval_expr("{ x = 20; y = 22; }").unwrap();
    /// let v = ev.eval_in_scope("x + y", &scope).unwrap();
    /// assert_eq!(v.as_int().unwrap(), 42);
    /// ```
    pub fn eval_in_scope(&self, source: &str, scope: &Value) -> Result<Val<'_>, Error> {
        let scope = self.value(scope.clone()).as_attrs()?;
        let code = self.compile_in_scope(source, "«string»", &current_dir(), &scope)?;
        self.run_in_scope(code, &scope)
    }

    /// Compiles source text in which the attributes of `scope` are variables, bound
    /// outside every other scope but inside the builtins (so they shadow them), as the
    /// REPL's variables are. Run it with [`Evaluator::run_in_scope`] and the same scope.
    ///
    /// ```
    /// use nixvm::{Attr, NixAttrs, Symbol, Value};
    /// let ev = nixvm::Evaluator::new();
    /// let scope = NixAttrs::from_unsorted_first_wins(vec![
    ///     Attr::new(Symbol::new("x"), Value::Int(20)),
    ///     Attr::new(Symbol::new("map"), Value::Int(1)),
    /// ]);
    /// let code = ev
    ///     .compile_in_scope("x + map + builtins.length [ 1 ]", "«string»", "/".as_ref(), &scope)
    ///     .unwrap();
    /// let v = ev.run_in_scope(code, &scope).unwrap();
    /// assert_eq!(v.as_int().unwrap(), 22);
    /// ```
    pub fn compile_in_scope(
        &self,
        source: &str,
        name: &str,
        base_dir: &Path,
        scope: &NixAttrs,
    ) -> Result<Rc<Lambda>, Error> {
        let source = source.as_bytes();
        self.read(source, name, base_dir, Some(scope), parse::compile_source)
    }

    /// Reads and compiles input typed at a REPL, as current `nix repl` does: as bindings
    /// (`x = 1`, `a.b = 2; c = a;`, `inherit (s) d`, as typed or as if a `;` followed them)
    /// or else, or when `bindings` is false, as an expression; or finds it incomplete (the
    /// parser ran out of it: `x = [`). Variables are the attributes of `scope`, as with
    /// [`Evaluator::compile_in_scope`]; run the code with [`Evaluator::run_in_scope`] and the
    /// same scope. Bindings make a set of them, none of which sees the others.
    ///
    /// The text is kept while code compiled from it is alive and, for the positions of
    /// attributes defined in it, until [`Evaluator::release_repl_input`] finds no value
    /// the REPL keeps points into it: a long session keeps the lines it needs, not every
    /// line it was given.
    ///
    /// ```
    /// use nixvm::{Attr, NixAttrs, ReplInput, Symbol, Value};
    /// let ev = nixvm::Evaluator::new();
    /// let scope = NixAttrs::from_unsorted_first_wins(vec![Attr::new(Symbol::new("x"), Value::Int(1))]);
    /// let dir = std::path::Path::new("/");
    /// let Ok(ReplInput::Bindings(code)) = ev.compile_repl_input("y = x + 1", "«string»", dir, &scope, true) else {
    ///     panic!("bindings")
    /// };
    /// let set = ev.run_in_scope(code, &scope).unwrap();
    /// assert_eq!(set.get("y").unwrap().as_int().unwrap(), 2);
    /// assert!(matches!(ev.compile_repl_input("1 + 1", "«string»", dir, &scope, true), Ok(ReplInput::Expr(_))));
    /// assert!(matches!(ev.compile_repl_input("y = [", "«string»", dir, &scope, true), Ok(ReplInput::Incomplete)));
    /// ```
    pub fn compile_repl_input(
        &self,
        text: &str,
        name: &str,
        base_dir: &Path,
        scope: &NixAttrs,
        bindings: bool,
    ) -> Result<crate::ReplInput, Error> {
        self.with_vm(|vm| crate::repl_input::compile(vm, text, name, base_dir, scope, bindings))
    }

    /// Lets go of the REPL input ([`Evaluator::compile_repl_input`]) that no value
    /// reachable from `kept` (the REPL's variables and whatever else it keeps) carries a
    /// position in; the text of a line that code still runs from stays with that code. It
    /// walks those values now and then, not at every call: as seldom as the values are
    /// large, so that a call costs a small amount per line on average.
    ///
    /// It also collects the cycles the input left as garbage (a recursive `let` evaluated
    /// and dropped) at once: an input makes few candidates, and waiting for a collection to
    /// be due would keep thousands of inputs' garbage.
    pub fn release_repl_input<'a>(&self, kept: impl IntoIterator<Item = &'a Value>) {
        self.vm().cycles().collect_young();
        let mut sources = self.sources.borrow_mut();
        let Some(held) = sources.release_due() else {
            return;
        };
        let mut keep = vec![false; held.len()];
        let visited = nixvm_value::reach::positions(kept, |pos| {
            let i = held.partition_point(|f| f.span.high() < pos);
            if held.get(i).is_some_and(|f| f.span.low() <= pos) {
                keep[i] = true;
            }
        });
        match visited {
            Some(visited) => sources.release(&keep, visited),
            // A value under evaluation hides what it holds: keep everything this time.
            None => sources.release(&vec![true; keep.len()], 0),
        }
    }

    /// Runs `f` on the syntax tree of `source` as Nix's front end reads it (rnix's typed
    /// tree, shaped by Nix's grammar, the one the compiler reads), with this evaluator's
    /// settings: as an expression, or else as bindings typed at the REPL (a set without
    /// braces); `None` if it is neither. The source is not added to the file table.
    pub fn with_syntax_tree<T>(&self, source: &str, f: impl FnOnce(&rnix::Root) -> T) -> Option<T> {
        let settings = self.vm().host.settings.clone();
        parse::with_syntax_tree(source, &settings, f)
    }

    /// Evaluates code compiled by [`Evaluator::compile_in_scope`] with the same scope.
    pub fn run_in_scope(&self, code: Rc<Lambda>, scope: &NixAttrs) -> Result<Val<'_>, Error> {
        self.with_vm(|vm| vm.eval_toplevel_in(code, scope.clone()))
            .map(|v| self.value(v))
    }

    /// Forgets the files evaluated so far, so that the next `import` of each reads it
    /// again (the REPL's `:reload`).
    pub fn reset_file_cache(&self) {
        let mut vm = self.vm();
        let values: Vec<Value> = vm.imports.drain().map(|(_, v)| v).collect();
        // A file whose value imports itself is a cycle through the table, which no
        // registered thunk closes (the thunk is made with its code): collected now, or
        // never.
        vm.cycles().collect_values(values);
        // The files will be read again at new positions: the old text goes once no value
        // kept needs it (see `release_repl_input`).
        self.sources.borrow_mut().unkeep();
    }

    /// Frees the cycles among what `values` reach, tracing as far as they reach (they are
    /// dropped after): what a holder of values let go of that may be cyclic with no
    /// registered thunk in the cycle (the REPL, of the variables a `:l` replaced, which
    /// may hold the value of a file that imports itself).
    pub fn collect_cycles(&self, values: Vec<Value>) {
        let mut vm = self.vm();
        vm.cycles().collect_values(values);
    }

    /// Drops values the caller let go of (the REPL, of a variable a binding replaced),
    /// freeing the cycles among what they reach at once, tracing a bounded amount: a small
    /// recursive set replaced goes now rather than when the candidates kept have doubled;
    /// a value that reaches a large structure still alive (nixpkgs) costs that bound, and
    /// what it did not trace waits, as any garbage, for a collection of all.
    pub fn release_values(&self, values: Vec<Value>) {
        let mut vm = self.vm();
        let budget = nixvm_value::cycles::budget(nixvm_value::cycles::LEVELS - 1);
        vm.cycles().collect_values_within(values, budget);
    }

    /// How many source files the evaluator keeps now: the files it read, and the REPL
    /// input still needed (see [`Evaluator::release_repl_input`]).
    pub fn source_files(&self) -> usize {
        self.sources.borrow().alive()
    }

    /// The source file that position `pos` (of a span in a value or an error) lies in, if
    /// this evaluator read it.
    pub fn source_file(&self, pos: codemap::Pos) -> Option<std::sync::Arc<codemap::File>> {
        self.sources.borrow().file_of(pos)
    }

    /// `file:line:column` of a position in a source this evaluator read.
    pub fn position(&self, pos: codemap::Pos) -> Option<String> {
        crate::render::position_text(&self.sources.borrow(), pos)
    }

    /// Evaluates a compiled expression to weak head normal form.
    pub fn run(&self, lambda: Rc<Lambda>) -> Result<Val<'_>, Error> {
        self.with_vm(|vm| vm.eval_toplevel(lambda))
            .map(|v| self.value(v))
    }

    /// Evaluates a file (`import path`).
    pub fn eval_file(&self, path: &Path) -> Result<Val<'_>, Error> {
        let site = self.nowhere();
        let path = path.to_path_buf();
        self.with_vm(|vm| {
            vm.run_gen("import", site, move |co| {
                Box::pin(async move { Ok(co.import(path, None).await) })
            })
        })
        .map(|v| self.value(v))
    }

    /// Forces a value to weak head normal form.
    pub fn force(&self, v: &Value) -> Result<Val<'_>, Error> {
        let site = self.nowhere();
        self.with_vm(|vm| vm.force(v.clone(), site))
            .map(|v| self.value(v))
    }

    /// Forces a value completely: everything inside it is evaluated.
    pub fn deep_force(&self, v: &Value) -> Result<Val<'_>, Error> {
        let site = self.nowhere();
        self.with_vm(|vm| vm.deep_force(v.clone(), site))
            .map(|v| self.value(v))
    }

    /// Applies a function to arguments, one after the other (`f a b`).
    ///
    /// ```
    /// use nixvm::Value;
    /// let ev = nixvm::Evaluator::new();
    /// let f = ev.eval_expr("a: b: a * b").unwrap();
    /// let v = ev.call(&f, [Value::Int(6), Value::Int(7)]).unwrap();
    /// assert_eq!(v.as_int().unwrap(), 42);
    /// ```
    pub fn call<A: Into<Value>>(
        &self,
        f: &Value,
        args: impl IntoIterator<Item = A>,
    ) -> Result<Val<'_>, Error> {
        let site = self.nowhere();
        let args: Vec<Value> = args.into_iter().map(Into::into).collect();
        self.with_vm(|vm| vm.call(f.clone(), args, site))
            .map(|v| self.value(v))
    }

    /// Prints a value as `nix-instantiate --eval` does; with `strict`, forces it completely
    /// first (`--strict`).
    pub fn print(&self, v: &Value, strict: bool) -> Result<String, Error> {
        let v = if strict {
            self.deep_force(v)?
        } else {
            self.force(v)?
        };
        Ok(output::ambiguous(v.raw()))
    }

    /// Coerces a value to a string (`--raw`).
    pub fn to_string_raw(&self, v: &Value) -> Result<Vec<u8>, Error> {
        let v = v.clone();
        self.run_string("toString", move |co| {
            Box::pin(async move {
                Ok(Value::String(
                    co.coerce(v, nixvm_value::Coercion::INTERPOLATION).await,
                ))
            })
        })
    }

    /// The value as JSON (`--json`); with `strict`, everything in it is forced first,
    /// otherwise a value not yet evaluated is an error, as in Nix.
    pub fn to_json(&self, v: &Value, strict: bool) -> Result<Vec<u8>, Error> {
        use nixvm_builtins::formats::to_json::{JsonOptions, to_json};
        let v = v.clone();
        let opts = JsonOptions {
            strict,
            copy_to_store: true,
        };
        self.run_string("JSON output", move |co| {
            Box::pin(async move { Ok(Value::String(to_json(&co, v, opts).await?)) })
        })
    }

    /// The value as an XML document (`--xml`); `location` adds source positions.
    pub fn to_xml(&self, v: &Value, strict: bool, location: bool) -> Result<Vec<u8>, Error> {
        use nixvm_builtins::formats::to_xml::{XmlOptions, to_xml};
        let v = v.clone();
        let opts = XmlOptions { strict, location };
        self.run_string("XML output", move |co| {
            Box::pin(async move { Ok(Value::String(to_xml(&co, v, opts).await?)) })
        })
    }

    /// Runs a helper that makes a string, and returns its bytes.
    fn run_string<F>(&self, name: &'static str, f: F) -> Result<Vec<u8>, Error>
    where
        F: FnOnce(nixvm_value::GenCo) -> nixvm_value::GenFuture,
    {
        let site = self.nowhere();
        match self.with_vm(|vm| vm.run_gen(name, site, f))? {
            Value::String(s) => Ok(s.as_bytes().to_vec()),
            _ => Ok(Vec::new()),
        }
    }

    /// Parses source text and prints it as `nix-instantiate --parse` does.
    pub fn parse_and_show(
        &self,
        source: impl AsRef<[u8]>,
        name: &str,
        base_dir: &Path,
    ) -> Result<String, Error> {
        let source = source.as_ref();
        self.read(source, name, base_dir, None, parse::show_source)
    }

    /// The span of a position recorded in a value (an attribute's), for errors about it.
    pub fn span_at(&self, pos: codemap::Pos) -> Option<Span> {
        use nixvm_value::Host;
        self.vm().host.span_at(pos)
    }
}

/// The current directory, for relative paths in expressions given as text.
fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"))
}
