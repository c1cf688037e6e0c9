//! Generator frames: resuming them and answering their requests.
//!
//! See `nixvm_value::request` for the protocol. A request whose answer is at hand (forcing an
//! evaluated value, comparing two integers) is answered at once and the generator resumed in
//! the same step; one that needs evaluation pushes frames above the generator, and the answer
//! arrives when they return.

use std::path::PathBuf;
use std::rc::Rc;

use codemap::Span;
use genawaiter::GeneratorState;

use nixvm_value::{Error, GenCo, GenFuture, Host, NixAttrs, Request, Response, Thunk, Value};

use super::Vm;
use super::frame::{Applied, Chain, Frame, FrameKind, GenFrame, OnError};
use super::helpers;

/// What handling a request did.
enum Handled {
    /// The answer is ready: resume the generator now.
    Answer(Response),
    /// Frames were pushed; the answer comes when they return.
    Pushed,
}

impl Vm {
    /// Pushes a generator frame. Its value goes to `update` and `chain` like any frame's.
    pub(crate) fn push_gen<F>(
        &mut self,
        name: &'static str,
        site: Span,
        f: F,
        update: Option<Thunk>,
        chain: Option<Chain>,
    ) where
        F: FnOnce(GenCo) -> GenFuture,
    {
        let frame = Frame {
            kind: FrameKind::Gen(Box::new(GenFrame::new(name, None, f))),
            base: self.stack.len() as u32,
            update,
            chain,
            site,
            calls: 0,
        };
        // Generator frames do not count as calls; the frame-count limit still applies.
        self.frames.push(frame);
    }

    /// Resumes the generator on top of the frame stack until it needs other frames to run.
    pub(super) fn resume_gen(&mut self) -> Result<(), Error> {
        loop {
            self.tick()?;
            let top = self.frames.last_mut().expect("a generator frame");
            let site = top.site;
            let FrameKind::Gen(g) = &mut top.kind else {
                unreachable!("resume_gen on a non-generator frame")
            };
            let answer = g.answer.take().unwrap_or(Response::Bool(false));
            // What to do with an error belongs to one request: the previous one's is over.
            g.on_error = OnError::Propagate;
            match g.generator.resume_with(answer) {
                GeneratorState::Yielded(req) => match self.handle_request(req, site) {
                    Ok(Handled::Answer(a)) => {
                        if let Some(FrameKind::Gen(g)) = self.frames.last_mut().map(|f| &mut f.kind)
                        {
                            g.answer = Some(a);
                            g.on_error = OnError::Propagate;
                        }
                    }
                    Ok(Handled::Pushed) => return Ok(()),
                    Err(e) => {
                        // The generator is waiting for this answer: it may catch the error.
                        let entry = self.run_entry;
                        return self.unwind(e, entry, false);
                    }
                },
                GeneratorState::Complete(Ok(v)) => return self.finish_with(v, site),
                GeneratorState::Complete(Err(e)) => return Err(e),
            }
        }
    }

    fn set_on_error(&mut self, on_error: OnError) {
        if let Some(FrameKind::Gen(g)) = self.frames.last_mut().map(|f| &mut f.kind) {
            g.on_error = on_error;
        }
    }

    /// Forces `v` for a waiting generator.
    fn force_for_gen(&mut self, v: Value, site: Span) -> Result<Handled, Error> {
        match self.force_value(v, site)? {
            Applied::Pushed => Ok(Handled::Pushed),
            Applied::Done(v) => Ok(Handled::Answer(Response::Value(v))),
        }
    }

    /// Applies `f` to the `n` values on top of the stack for a waiting generator.
    fn call_for_gen(&mut self, f: Value, n: u32, site: Span) -> Result<Handled, Error> {
        let chain = Chain::top(&self.stack, n, false);
        // A builtin calls its callbacks from no place in the source (Nix's `noPos`): what
        // goes wrong in the call itself has no position, and there is no call site.
        let builtin = matches!(
            self.frames.last().map(|f| &f.kind),
            Some(FrameKind::Gen(g)) if g.builtin.is_some()
        );
        let site = if builtin { self.nowhere } else { site };
        match self.apply(f, chain, None, site)? {
            Applied::Pushed => Ok(Handled::Pushed),
            Applied::Done(v) => Ok(Handled::Answer(Response::Value(v))),
        }
    }

    fn handle_request(&mut self, req: Request, site: Span) -> Result<Handled, Error> {
        match req {
            Request::Force(v) => self.force_for_gen(v, site),
            Request::DeepForce(v) => {
                self.push_gen(
                    "deep force",
                    site,
                    move |co| Box::pin(helpers::deep_force(co, v)),
                    None,
                    None,
                );
                Ok(Handled::Pushed)
            }
            Request::Call(f, args) => {
                let n = args.len() as u32;
                self.stack.extend(args);
                self.call_for_gen(f, n, site)
            }
            Request::CallEach(spec) => {
                let kind = super::native_loop::LoopKind::Each {
                    spec,
                    results: Vec::new(),
                };
                self.start_loop(kind, site)?;
                Ok(Handled::Pushed)
            }
            Request::Fold(op, acc, items) => {
                self.start_loop(super::native_loop::LoopKind::Fold { op, acc, items }, site)?;
                Ok(Handled::Pushed)
            }
            Request::Call1(f, a) => {
                self.stack.push(a);
                self.call_for_gen(f, 1, site)
            }
            Request::Call2(f, a, b) => {
                self.stack.push(a);
                self.stack.push(b);
                self.call_for_gen(f, 2, site)
            }
            Request::Coerce(v, how) => {
                if let Value::String(s) = v.shallow() {
                    return Ok(Handled::Answer(Response::String(s)));
                }
                // Nix's builtins coerce from no place in the source (`noPos`): what the
                // coercion forces (list elements, lazy applications) has no call site.
                let builtin = matches!(
                    self.frames.last().map(|f| &f.kind),
                    Some(FrameKind::Gen(g)) if g.builtin.is_some()
                );
                let site = if builtin { self.nowhere } else { site };
                self.push_gen(
                    "coercion",
                    site,
                    move |co| {
                        Box::pin(async move {
                            let s = helpers::coerce(&co, v, how).await?;
                            Ok(Value::String(s))
                        })
                    },
                    None,
                    None,
                );
                Ok(Handled::Pushed)
            }
            Request::Equal(a, b) => {
                let walk = match helpers::equal_now(&a, &b, false) {
                    Ok(r) => return Ok(Handled::Answer(Response::Bool(r))),
                    Err(walk) => walk,
                };
                self.push_gen(
                    "equality",
                    site,
                    move |co| {
                        Box::pin(
                            async move { Ok(Value::Bool(helpers::finish_equal(&co, walk).await?)) },
                        )
                    },
                    None,
                    None,
                );
                Ok(Handled::Pushed)
            }
            Request::LessThan(a, b) => {
                if let Some(r) = helpers::shallow_less(&a.shallow(), &b.shallow())? {
                    return Ok(Handled::Answer(Response::Bool(r)));
                }
                self.push_gen(
                    "comparison",
                    site,
                    move |co| {
                        Box::pin(
                            async move { Ok(Value::Bool(helpers::less_than(&co, a, b).await?)) },
                        )
                    },
                    None,
                    None,
                );
                Ok(Handled::Pushed)
            }
            Request::TryForce(v) => {
                self.set_on_error(OnError::Catch);
                self.force_for_gen(v, site)
            }
            Request::ForceOrError(v) => {
                self.set_on_error(OnError::CatchAll);
                self.force_for_gen(v, site)
            }
            Request::ForceWithTrace(v, msg) => {
                self.set_on_error(OnError::Trace(Some(msg)));
                self.force_for_gen(v, site)
            }
            Request::Import(path, scope) => self.import(path, scope, site),
            Request::CallDepthLeft => {
                let left = self
                    .budget
                    .limits
                    .max_call_depth
                    .saturating_sub(self.call_depth);
                let left = Value::Int(i64::try_from(left).unwrap_or(i64::MAX));
                Ok(Handled::Answer(Response::Value(left)))
            }
            Request::Host(f) => {
                self.host.call_site = Some(site);
                Ok(Handled::Answer(Response::Host(f(&mut self.host))))
            }
            Request::InContext(inner, frames) => {
                // Set before the inner request pushes frames: it applies to the generator.
                self.set_on_error(OnError::Frames(frames));
                self.handle_request(*inner, site)
            }
            Request::At(inner, at) => self.handle_request(*inner, at.unwrap_or(self.nowhere)),
            Request::Catching(inner) => {
                // Set before answering: an error raised at once unwinds to this generator
                // as surely as one raised by the frames the request pushes.
                self.set_on_error(OnError::CatchAll);
                self.handle_request(*inner, site)
            }
        }
    }

    /// Evaluates a file for `import` (cached per path) or `scopedImport`.
    fn import(
        &mut self,
        path: PathBuf,
        scope: Option<NixAttrs>,
        site: Span,
    ) -> Result<Handled, Error> {
        // A file this evaluator wrote "to the store" (`toFile`) is read from memory.
        let made = self.host.text_in_store(&path);
        let path = match made {
            Some(_) => path,
            None => self.resolve_import_path(path)?,
        };
        if scope.is_none()
            && let Some(v) = self.imports.get(&path)
        {
            let v = v.clone();
            return self.force_for_gen(v, site);
        }
        let lambda = match made {
            Some(text) => self.compile_source(crate::parse::Source {
                name: &path.display().to_string(),
                bytes: text.to_vec(),
                base_dir: path.parent(),
                scope: scope.as_ref(),
                transient: false,
            })?,
            None => self.compile_path(&path, scope.as_ref())?,
        };
        match scope {
            None => {
                let v = Value::Thunk(Thunk::new_code(lambda, nixvm_value::Upvalues::None));
                self.imports.insert(path, v.clone());
                self.force_for_gen(v, site)
            }
            Some(scope) => {
                let base = self.stack.len() as u32;
                self.stack.push(Value::Attrs(scope));
                let frame = Frame::code(lambda, nixvm_value::Upvalues::None, base, site);
                self.push_frame(frame)?;
                Ok(Handled::Pushed)
            }
        }
    }

    /// `import ./dir` means `./dir/default.nix`.
    fn resolve_import_path(&self, path: PathBuf) -> Result<PathBuf, Error> {
        use nixvm_value::FileType;
        match self.host.io.file_type(&path) {
            Ok(FileType::Directory) => Ok(path.join("default.nix")),
            Ok(_) => Ok(path),
            Err(e) => Err(e),
        }
    }

    /// Reads and compiles a file.
    fn compile_path(
        &mut self,
        path: &std::path::Path,
        scope: Option<&NixAttrs>,
    ) -> Result<Rc<nixvm_value::code::Lambda>, Error> {
        let bytes = self.host.io.read_file(path)?;
        let name = self.host.io.display_name(path);
        self.compile_source(crate::parse::Source {
            name: &name,
            bytes,
            base_dir: path.parent(),
            scope,
            transient: false,
        })
    }

    /// What the front end needs to read a source with this evaluator's file table,
    /// settings and scope.
    pub(crate) fn reader(&mut self) -> crate::parse::Reader<'_> {
        crate::parse::Reader {
            sources: &self.host.sources,
            settings: &self.host.settings,
            globals: &self.globals,
            messages: &mut self.host.messages,
        }
    }

    /// Reads and compiles a source with this evaluator's settings, scope and file table.
    pub(crate) fn compile_source(
        &mut self,
        source: crate::parse::Source,
    ) -> Result<Rc<nixvm_value::code::Lambda>, Error> {
        crate::parse::compile_source(source, self.reader())
    }
}
