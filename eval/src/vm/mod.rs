//! The virtual machine: an explicit stack of frames and one loop that runs the top frame.
//!
//! Everything that nests in a Nix program — calling a function, forcing a thunk, a builtin
//! calling back into Nix, comparing or forcing deep structures — pushes a frame on
//! [`Vm::frames`] instead of recursing on the Rust stack. The loop in [`Vm::run`] takes the
//! top frame and runs it until it finishes or pushes more work; a finished frame's value goes
//! to the frame below ([`Vm::return_value`]). An error unwinds the frame stack
//! ([`Vm::unwind`]) until a `tryEval` catches it or nothing is left.
//!
//! The fast paths never leave the bytecode loop (`exec.rs`): calling a closure, forcing an
//! evaluated thunk, arithmetic, and builtins that need no callbacks.

mod budget;
mod builtin_args;
mod call;
mod exec;
mod force;
pub mod frame;
mod generator;
pub(crate) mod helpers;
mod native_loop;
mod reclaim;
mod trace;

use std::path::PathBuf;
use std::rc::Rc;

use codemap::Span;
use rustc_hash::FxHashMap;

use nixvm_value::code::Lambda;
use nixvm_value::{Error, ErrorKind, GenCo, Value};

pub use crate::host::HostState;
pub use frame::{Frame, FrameKind};

pub(crate) use budget::Budget;
pub(crate) use helpers::suggestions;

use crate::compiler::Globals;

/// Frames of any kind beyond which evaluation stops: forcing a chain of thunks is not a call,
/// but it still uses memory.
const MAX_FRAMES: usize = 50_000_000;

pub struct Vm {
    pub(crate) stack: Vec<Value>,
    pub(crate) frames: Vec<Frame>,
    pub(crate) host: HostState,
    pub(crate) globals: Rc<Globals>,
    /// Evaluated files, by path.
    pub(crate) imports: FxHashMap<PathBuf, Value>,
    call_depth: usize,
    /// The limits of the running evaluation and how much of them is used.
    pub(crate) budget: Budget,
    /// Where the value of the outermost frame of a run goes.
    result: Option<Value>,
    /// Print each frame entered and left, for `--trace-runtime`.
    pub trace_runtime: bool,
    /// Frames below this index belong to whoever started the current run.
    pub(crate) run_entry: usize,
    /// Whether errors keep the calls they left (`--show-trace`), as Nix does only then.
    pub show_trace: bool,
    /// What frames reused by tail calls were before, for their errors (see `trace.rs`).
    elided: Vec<trace::Elided>,
    /// The site of what happens at no place in the source (a builtin calling its
    /// callback): an empty file named «none», whose positions are never printed.
    pub(crate) nowhere: Span,
}

impl Vm {
    pub fn new(host: HostState, globals: Rc<Globals>, budget: Budget) -> Vm {
        let nowhere = host
            .sources
            .borrow_mut()
            .add("«none»".into(), String::new())
            // `EvaluatorBuilder::build` makes the table just before, empty: its first
            // file always has room.
            .expect("the first file of a new source table")
            .span;
        Vm {
            nowhere,
            stack: Vec::with_capacity(1024),
            frames: Vec::with_capacity(256),
            host,
            globals,
            imports: FxHashMap::default(),
            call_depth: 0,
            budget,
            result: None,
            trace_runtime: false,
            run_entry: 0,
            show_trace: false,
            elided: Vec::new(),
        }
    }

    /// Evaluates a compiled file or expression to weak head normal form.
    pub fn eval_toplevel(&mut self, lambda: Rc<Lambda>) -> Result<Value, Error> {
        let entry = self.frames.len();
        let base = self.stack.len() as u32;
        let site = lambda.span;
        self.frames
            .push(Frame::code(lambda, nixvm_value::Upvalues::None, base, site));
        self.run(entry)
    }

    /// Evaluates code compiled with a scope (`scopedImport`, the REPL's variables): the
    /// scope set is the frame's local 0.
    pub fn eval_toplevel_in(
        &mut self,
        lambda: Rc<Lambda>,
        scope: nixvm_value::NixAttrs,
    ) -> Result<Value, Error> {
        let entry = self.frames.len();
        let base = self.stack.len() as u32;
        let site = lambda.span;
        self.stack.push(Value::Attrs(scope));
        self.frames
            .push(Frame::code(lambda, nixvm_value::Upvalues::None, base, site));
        self.run(entry)
    }

    /// Runs an async helper to completion, as the outermost frame of a run.
    pub fn run_gen<F>(&mut self, name: &'static str, site: Span, f: F) -> Result<Value, Error>
    where
        F: FnOnce(GenCo) -> nixvm_value::GenFuture,
    {
        let entry = self.frames.len();
        self.push_gen(name, site, f, None, None);
        self.run(entry)
    }

    /// Forces `v` to weak head normal form.
    pub fn force(&mut self, v: Value, site: Span) -> Result<Value, Error> {
        if v.is_whnf() {
            return Ok(v.shallow());
        }
        self.run_gen("force", site, move |co| {
            Box::pin(async move { Ok(co.force(v).await) })
        })
    }

    /// Forces `v` and everything inside it.
    pub fn deep_force(&mut self, v: Value, site: Span) -> Result<Value, Error> {
        self.run_gen("deep force", site, move |co| {
            Box::pin(async move { Ok(co.deep_force(v).await) })
        })
    }

    /// Applies `f` to `args`.
    pub fn call(&mut self, f: Value, args: Vec<Value>, site: Span) -> Result<Value, Error> {
        self.run_gen("call", site, move |co| {
            Box::pin(async move { Ok(co.call(f, args).await) })
        })
    }

    /// Runs frames until those pushed since `entry` are gone.
    fn run(&mut self, entry: usize) -> Result<Value, Error> {
        let _memory = nixvm_value::memory::enter(self.budget.limits.memory_ceiling());
        let _cycles = self.cycles().enter();
        let result = self.run_frames(entry);
        if entry == 0 {
            // A run too short to reach a poll (a REPL's line, an embedder's request) still
            // lets cyclic garbage be collected once enough has been made.
            nixvm_value::cycles::poll();
        }
        result
    }

    /// [`Vm::run`]'s loop, apart so that making the ceiling current stays out of it.
    #[inline(never)]
    fn run_frames(&mut self, entry: usize) -> Result<Value, Error> {
        self.run_entry = entry;
        if entry == 0
            && let Err(e) = self.budget.start()
        {
            let site = self.frames.last().expect("the outermost frame").site;
            self.unwind(e.with_span(site), entry, true)?;
        }
        while self.frames.len() > entry {
            let result = match &self.frames.last().expect("frames above entry").kind {
                FrameKind::Code { .. } => self.run_code(),
                FrameKind::Gen(_) => self.resume_gen(),
                FrameKind::Loop(_) => self.run_loop(),
                FrameKind::Args(_) => self.run_args(),
                FrameKind::Continue => unreachable!("continuations only run when given a value"),
            };
            if let Err(e) = result {
                self.unwind(e, entry, true)?;
            }
        }
        Ok(self
            .result
            .take()
            .expect("the outermost frame left a value"))
    }

    /// Pushes a frame, enforcing the depth limits. Inlined, with the rare paths out of
    /// line: every call and forcing pushes a frame, and as a call of its own the frame was
    /// copied once more on its way in.
    #[inline(always)]
    pub(crate) fn push_frame(&mut self, frame: Frame) -> Result<(), Error> {
        self.call_depth += frame.calls as usize;
        if self.trace_runtime {
            self.trace_enter(&frame);
        }
        self.frames.push(frame);
        if self.call_depth > self.budget.limits.max_call_depth || self.frames.len() > MAX_FRAMES {
            return Err(self.too_deep());
        }
        self.tick()
    }

    /// The error for a frame just pushed beyond the depth limits.
    #[cold]
    #[inline(never)]
    fn too_deep(&self) -> Error {
        let site = self.frames.last().map(|f| f.site).expect("just pushed");
        Error::at(ErrorKind::StackOverflow, site)
    }

    /// Removes the top frame, restoring what it held. Inlined: as a call, the frame was
    /// copied twice on its way out, and a return pops a frame on every call and forcing.
    #[inline(always)]
    fn pop_frame(&mut self) -> Frame {
        let f = self.frames.pop().expect("a frame to pop");
        self.call_depth -= f.calls as usize;
        self.forget_elided();
        if self.trace_runtime {
            self.trace_leave(&f);
        }
        f
    }

    /// The top frame has finished with `v` (in WHNF): memoise it, apply it to pending
    /// arguments, and hand it to the frame below.
    pub(crate) fn return_value(&mut self, mut v: Value) -> Result<(), Error> {
        loop {
            let f = self.pop_frame();
            self.stack.truncate(f.base as usize);
            match f.chain {
                // More arguments to apply: the memoised value is the result of the whole
                // chain, so `update` travels on with it.
                Some(chain) if chain.next < chain.end => {
                    match self.apply(v, chain, f.update, f.site) {
                        Ok(frame::Applied::Pushed) => return Ok(()),
                        Ok(frame::Applied::Done(w)) => v = w,
                        // `f` is gone: the frame below waits for this value, and may catch
                        // the error (a generator's request), so it must not be popped first.
                        Err(e) => return self.unwind(e, self.run_entry, false),
                    }
                }
                chain => {
                    if let Some(chain) = chain {
                        self.stack.truncate(chain.truncate as usize);
                    }
                    if let Some(t) = &f.update {
                        t.finish(v.clone());
                    }
                }
            }
            match self.deliver(v) {
                None => return Ok(()),
                Some(back) => v = back,
            }
        }
    }

    /// The commonest return, in the fewest steps: the top frame, with no arguments left to
    /// apply its value to, hands `v` to the code frame of this run below it. Returns `v`
    /// back, with nothing done, in every other case (for [`Vm::return_value`]).
    ///
    /// Only what the frame owns is moved out of it: moved out whole, as `return_value`
    /// does, it was copied twice, and every call and forcing returns once.
    #[inline(always)]
    pub(crate) fn return_to_code(&mut self, v: Value) -> Result<(), Value> {
        let n = self.frames.len();
        if n <= self.run_entry + 1
            || self.trace_runtime
            || !matches!(self.frames[n - 2].kind, FrameKind::Code { .. })
        {
            return Err(v);
        }
        let top = &self.frames[n - 1];
        let cut = match top.chain {
            None => top.base,
            Some(chain) if chain.next >= chain.end => top.base.min(chain.truncate),
            Some(_) => return Err(v),
        };
        self.call_depth -= top.calls as usize;
        // SAFETY: the fields of the top frame that own something are moved out once, and
        // the frame is then forgotten by shortening the vector (a `Frame` has no `Drop` of
        // its own): nothing is dropped twice or read after.
        let (kind, update) = unsafe {
            let top = self.frames.as_ptr().add(n - 1);
            let owned = (std::ptr::read(&(*top).kind), std::ptr::read(&(*top).update));
            self.frames.set_len(n - 1);
            owned
        };
        self.forget_elided();
        self.stack.truncate(cut as usize);
        if let Some(t) = update {
            t.finish(v.clone());
        }
        self.stack.push(v);
        drop(kind);
        Ok(())
    }

    /// Gives `v` to the top frame. Returns it back if the top frame is a continuation that
    /// must itself return `v` now.
    #[inline]
    fn deliver(&mut self, v: Value) -> Option<Value> {
        match self.frames.last_mut() {
            None => {
                self.result = Some(v);
                None
            }
            Some(top) => match &mut top.kind {
                FrameKind::Code { .. } | FrameKind::Args(_) => {
                    self.stack.push(v);
                    None
                }
                FrameKind::Gen(g) => {
                    g.answer = Some(nixvm_value::Response::Value(v));
                    None
                }
                FrameKind::Loop(l) => {
                    l.received = Some(v);
                    None
                }
                FrameKind::Continue => Some(v),
            },
        }
    }

    /// Passes `err` down the frame stack. With `pop_first`, the top frame is the one that
    /// failed; otherwise it is waiting for the answer that failed (a generator's request).
    /// Returns `Ok` if a frame caught the error, or the error if it reached `entry`.
    fn unwind(&mut self, mut err: Error, entry: usize, mut pop_first: bool) -> Result<(), Error> {
        loop {
            if self.frames.len() <= entry {
                return Err(err);
            }
            if !pop_first {
                let top = self.frames.last_mut().expect("checked above");
                if let FrameKind::Gen(g) = &mut top.kind {
                    let catch = match &g.on_error {
                        frame::OnError::Catch => err.is_catchable(),
                        frame::OnError::CatchAll => true,
                        _ => false,
                    };
                    match &mut g.on_error {
                        _ if catch => {
                            g.answer = Some(nixvm_value::Response::Caught(err));
                            g.on_error = frame::OnError::Propagate;
                            // Drop whatever the failed request left above the generator.
                            let base = top.base as usize;
                            self.stack.truncate(base);
                            return Ok(());
                        }
                        frame::OnError::Trace(msg) => {
                            if let Some(msg) = msg.take() {
                                err.add_trace(None, msg());
                            }
                        }
                        frame::OnError::Frames(frames) => {
                            for f in frames {
                                err.add_trace(f.span, f.message.clone());
                            }
                        }
                        _ => {}
                    }
                }
            }
            pop_first = false;
            let elided = self.take_elided(self.frames.len() - 1);
            let f = self.pop_frame();
            self.annotate(&mut err, &f);
            self.annotate_elided(&mut err, &elided);
            if let Some(t) = &f.update {
                // A thunk's own frame gives it back its code (see `Thunk::begin_force`).
                let code = match f.kind {
                    FrameKind::Code {
                        lambda, upvalues, ..
                    } => Some(nixvm_value::thunk::Compiled { lambda, upvalues }),
                    _ => None,
                };
                t.abort_force(code);
            }
            self.stack.truncate(f.base as usize);
            if let Some(chain) = f.chain {
                self.stack
                    .truncate(self.stack.len().min(chain.truncate as usize));
            }
        }
    }
}
