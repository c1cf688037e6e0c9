//! Applying functions: closures, builtins, partial applications and `__functor` sets.
//!
//! A call's arguments sit on the value stack; a [`Chain`] says which ones are still to be
//! applied. Applying a closure pushes its frame, which carries the rest of the chain; when it
//! returns, [`Vm::return_value`] continues the chain. A builtin whose arguments are all there
//! and whose strict ones are already evaluated runs right here, without any allocation.

use std::ops::Range;
use std::rc::Rc;

use codemap::Span;

use nixvm_value::builtin::{Body, BuiltinDef, GenFn};
use nixvm_value::code::{Frameless, Lambda, Param};
use nixvm_value::expect::type_error;
use nixvm_value::frameless;
use nixvm_value::print::{PrintOptions, print_value};
use nixvm_value::symbol::well_known;
use nixvm_value::{ArgSet, Error, ErrorKind, PartialApp, Plan, Thunk, Value};

use super::Vm;
use super::frame::{Applied, Chain, Frame, FrameKind, GenFrame};
use super::helpers;

impl Vm {
    /// The one way to call: applies `f` to the arguments of `chain`, one at a time; every
    /// kind of frame calls through here. `update` receives the final result. `Done`: the
    /// value, computed without a frame (the chain's stack region is gone and `update` has
    /// been filled). `Pushed`: a frame computes it and delivers it to the frame on top now.
    ///
    /// The commonest call, one argument to a function whose body needs a frame, is decided
    /// here, inline in each caller; everything else goes to [`Vm::apply_chain`].
    #[inline(always)]
    pub(crate) fn apply(
        &mut self,
        f: Value,
        chain: Chain,
        update: Option<Thunk>,
        site: Span,
    ) -> Result<Applied, Error> {
        // What `frameless::call` would decline at once.
        if let Value::Closure(c) = &f
            && chain.next + 1 == chain.end
            && matches!(c.lambda.frameless, Frameless::No)
        {
            let (lambda, upvalues) = (c.lambda.clone(), c.upvalues.clone());
            return self.enter_closure(lambda, upvalues, chain, update, site);
        }
        if let Value::Builtin(def) = f {
            return self.call_builtin(def, chain, update, site);
        }
        self.apply_chain(f, chain, update, site)
    }

    /// Applies the builtin `def` to the arguments of `chain`. The commonest builtin call,
    /// a plain function given exactly its arguments with the strict ones evaluated, is
    /// made here in the fewest steps; the rest goes to [`Vm::apply_chain`].
    #[inline(never)]
    fn call_builtin(
        &mut self,
        def: &'static BuiltinDef,
        mut chain: Chain,
        mut update: Option<Thunk>,
        site: Span,
    ) -> Result<Applied, Error> {
        let (start, end) = (chain.next as usize, chain.end as usize);
        let Body::Plain { f, .. } = def.body else {
            return self.apply_chain(Value::Builtin(def), chain, update, site);
        };
        let args = &self.stack[start..end];
        if args.len() != def.arity() || !ready(def, args) {
            return self.apply_chain(Value::Builtin(def), chain, update, site);
        }
        self.host.call_site = Some(site);
        let r = match f(&mut self.host, args) {
            Ok(Plan::Done(v)) if !matches!(v, Value::Thunk(_)) => Some(v),
            r => {
                chain.next = chain.end;
                let planned =
                    self.builtin_planned(def, r, (&[], start..end), &mut chain, &mut update, site);
                if planned.is_err()
                    && let Some(t) = &update
                {
                    // As `apply_chain` does for a call that fails before a frame took it.
                    t.abort_force(None);
                }
                planned?
            }
        };
        match r {
            Some(v) => {
                self.stack.truncate(chain.truncate as usize);
                if let Some(t) = &update {
                    t.finish(v.clone());
                }
                Ok(Applied::Done(v))
            }
            None => Ok(Applied::Pushed),
        }
    }

    /// Calls the function `lambda` with `upvalues` on the next argument of `chain`: pushes
    /// its frame (or, for the last argument of a tail call, makes the running frame its
    /// frame), which carries the rest of the chain and `update`.
    #[inline(always)]
    fn enter_closure(
        &mut self,
        lambda: Rc<Lambda>,
        upvalues: nixvm_value::Upvalues,
        mut chain: Chain,
        update: Option<Thunk>,
        site: Span,
    ) -> Result<Applied, Error> {
        // A function whose body was compiled on an earlier call runs that body at once
        // (see `Lambda::deferred`).
        let lambda = match lambda.deferred.as_deref().and_then(|d| d.compiled.get()) {
            Some(body) => body.clone(),
            None => lambda,
        };
        let last = chain.next + 1 == chain.end;
        if last && chain.tail && update.is_none() {
            let arg = self.stack[chain.next as usize].clone();
            self.tail_call(lambda, upvalues, arg, site)?;
            return Ok(Applied::Pushed);
        }
        let mut frame = Frame::code(lambda, upvalues, 0, site);
        frame.update = update;
        frame.calls = 1;
        if last && chain.end as usize == self.stack.len() {
            // The last argument becomes the callee's local 0 where the call's stack region
            // began: nothing is left for the chain to clean up.
            let arg = self.stack.pop().expect("the argument");
            let base = chain.truncate as usize;
            if base < self.stack.len() {
                self.stack.truncate(base + 1);
                self.stack[base] = arg;
            } else {
                self.stack.push(arg);
            }
            frame.base = base as u32;
        } else {
            let arg = self.stack[chain.next as usize].clone();
            chain.next += 1;
            frame.base = self.stack.len() as u32;
            frame.chain = Some(chain);
            self.stack.push(arg);
        }
        self.push_frame(frame)?;
        Ok(Applied::Pushed)
    }

    /// [`Vm::apply`] for everything but its commonest case.
    #[inline(never)]
    pub(crate) fn apply_chain(
        &mut self,
        f: Value,
        chain: Chain,
        mut update: Option<Thunk>,
        site: Span,
    ) -> Result<Applied, Error> {
        let applied = self.apply_steps(f, chain, &mut update, site);
        // A call that fails before any frame took `update` leaves it blackholed: undo
        // that, so that forcing it again (at the REPL's next line, in an embedder's next
        // call) fails the same way instead of reporting an infinite recursion. A frame
        // that took it undoes it as it unwinds.
        if applied.is_err()
            && let Some(t) = update
        {
            t.abort_force(None);
        }
        applied
    }

    /// The steps of [`Vm::apply_chain`]; `update` is taken by the frame that will fill it.
    fn apply_steps(
        &mut self,
        mut f: Value,
        mut chain: Chain,
        update: &mut Option<Thunk>,
        site: Span,
    ) -> Result<Applied, Error> {
        if update.is_some() && chain.end - chain.next > 1 {
            // The memoised value is the result of the whole chain.
            let mut k = Frame::continuation(self.stack.len() as u32, site);
            k.update = update.take();
            self.push_frame(k)?;
        }
        'apply: loop {
            if chain.next >= chain.end {
                self.stack.truncate(chain.truncate as usize);
                if let Some(t) = update.as_ref() {
                    t.finish(f.clone());
                }
                return Ok(Applied::Done(f));
            }
            match f {
                Value::Closure(c) => {
                    // A body computed without a frame (`x: x + 1`, `a: b: a < b`,
                    // `k: { key = k; }`): its value.
                    let args = &self.stack[chain.next as usize..chain.end as usize];
                    if let Some((v, took)) = frameless::call(&c.lambda, &c.upvalues, args) {
                        chain.next += took as u32;
                        f = v;
                        continue;
                    }
                    let (mut lambda, mut upvalues) = (c.lambda.clone(), c.upvalues.clone());
                    // `x: y: body` applied to three or more arguments: build the inner
                    // function's upvalues from the first argument directly, skipping the
                    // frame and the closure that the outer function would only create.
                    while let Some(inner) = lambda.curried
                        && chain.end - chain.next >= 2
                    {
                        let arg = &self.stack[chain.next as usize];
                        (lambda, upvalues) =
                            nixvm_value::closure::bind_first(&lambda, inner, &upvalues, arg);
                        chain.next += 1;
                        // Two or more left: not tried yet (one left was, as the two
                        // before).
                        let args = &self.stack[chain.next as usize..chain.end as usize];
                        if args.len() >= 2
                            && let Some((v, took)) = frameless::call(&lambda, &upvalues, args)
                        {
                            chain.next += took as u32;
                            f = v;
                            continue 'apply;
                        }
                    }
                    return self.enter_closure(lambda, upvalues, chain, update.take(), site);
                }
                Value::Builtin(def) => {
                    match self.apply_builtin(def, &[], &mut chain, update, site)? {
                        Some(v) => f = v,
                        None => return Ok(Applied::Pushed),
                    }
                }
                Value::PartialApp(p) => {
                    match self.apply_builtin(p.def, &p.args, &mut chain, update, site)? {
                        Some(v) => f = v,
                        None => return Ok(Applied::Pushed),
                    }
                }
                // Evaluate the function first; a continuation applies it afterwards.
                Value::Thunk(_) => match self.force_then(f, &chain, update, site)? {
                    Some(v) => f = v,
                    None => return Ok(Applied::Pushed),
                },
                Value::Attrs(a) if a.contains(well_known::functor()) => {
                    // `s x` is `s.__functor s x`.
                    let arg = self.stack[chain.next as usize].clone();
                    chain.next += 1;
                    let set = Value::Attrs(a);
                    self.push_gen(
                        "__functor",
                        site,
                        move |co| Box::pin(helpers::call_functor(co, set, arg)),
                        update.take(),
                        Some(chain),
                    );
                    return Ok(Applied::Pushed);
                }
                other => {
                    return Err(Error::at(
                        ErrorKind::NotAFunction {
                            found: other.value_type(),
                            value: print_value(&other, &PrintOptions::ERROR),
                        },
                        site,
                    ));
                }
            }
        }
    }

    /// Applies a builtin (with `prior` arguments already given) to as many arguments of the
    /// chain as it takes. Returns its value if it finished here, or `None` if it pushed a
    /// frame (which then carries the rest of the chain and `update`).
    fn apply_builtin(
        &mut self,
        def: &'static BuiltinDef,
        prior: &[Value],
        chain: &mut Chain,
        update: &mut Option<Thunk>,
        site: Span,
    ) -> Result<Option<Value>, Error> {
        let available = (chain.end - chain.next) as usize;
        let needed = def.arity() - prior.len();
        if available < needed {
            let mut args = prior.to_vec();
            args.extend_from_slice(&self.stack[chain.next as usize..chain.end as usize]);
            chain.next = chain.end;
            return Ok(Some(Value::PartialApp(Rc::new(PartialApp { def, args }))));
        }
        let start = chain.next as usize;
        chain.next += needed as u32;
        let end = chain.next as usize;
        let g = match def.body {
            Body::Plain { .. } => {
                let result = if prior.is_empty() {
                    let args = &self.stack[start..end];
                    if ready(def, args) {
                        Some(Vm::run_ready_builtin(&mut self.host, def, args, site))
                    } else {
                        None
                    }
                } else {
                    let mut args = prior.to_vec();
                    args.extend_from_slice(&self.stack[start..end]);
                    if ready(def, &args) {
                        Some(Vm::run_ready_builtin(&mut self.host, def, &args, site))
                    } else {
                        None
                    }
                };
                let args = (prior, start..end);
                match result {
                    Some(r) => return self.builtin_planned(def, r, args, chain, update, site),
                    None => {
                        let extra = ArgSet::EMPTY;
                        self.start_builtin_args(def, args, extra, update.take(), *chain, site)?;
                        return Ok(None);
                    }
                }
            }
            Body::Gen(g) => g,
            Body::Native(_) => crate::native::run,
        };
        self.start_builtin_gen(def, g, (prior, start..end), chain, update, site)
    }

    /// Carries on a call of the plain builtin `def` on `args` (`prior` followed by the
    /// stack slots in the range), whose function returned `r`: as
    /// [`Vm::apply_builtin`] does.
    fn builtin_planned(
        &mut self,
        def: &'static BuiltinDef,
        r: Result<Plan, Error>,
        args: (&[Value], Range<usize>),
        chain: &mut Chain,
        update: &mut Option<Thunk>,
        site: Span,
    ) -> Result<Option<Value>, Error> {
        match r.map_err(|e| self.builtin_error(e, def, site))? {
            Plan::Done(r) => self.force_then(r, chain, update, site),
            Plan::Force(i) => {
                let extra = ArgSet::one(i);
                self.start_builtin_args(def, args, extra, update.take(), *chain, site)?;
                Ok(None)
            }
            // The argument frame asks again, and forces the elements.
            Plan::ForceElements { .. } => {
                let extra = ArgSet::EMPTY;
                self.start_builtin_args(def, args, extra, update.take(), *chain, site)?;
                Ok(None)
            }
            Plan::Slow => {
                let g = slow_path(def)?;
                self.start_builtin_gen(def, g, args, chain, update, site)
            }
            plan => {
                let mut frame = Frame::continuation(self.stack.len() as u32, site);
                frame.update = update.take();
                frame.chain = Some(*chain);
                self.start_builtin_loop(frame, def, plan)?;
                Ok(None)
            }
        }
    }

    /// Pushes the frame of the generator `g` of the builtin `def` on `args` (`prior`
    /// followed by the stack slots in the range); it continues `chain` into `update`.
    fn start_builtin_gen(
        &mut self,
        def: &'static BuiltinDef,
        g: GenFn,
        (prior, slots): (&[Value], Range<usize>),
        chain: &mut Chain,
        update: &mut Option<Thunk>,
        site: Span,
    ) -> Result<Option<Value>, Error> {
        let (start, end) = (slots.start, slots.end);
        let mut args = prior.to_vec();
        if let Body::Native(id) = def.body {
            args.insert(0, Value::Int(id.into()));
        }
        args.extend_from_slice(&self.stack[start..end]);
        let frame = Frame {
            kind: builtin_gen(def, g, args),
            base: self.stack.len() as u32,
            update: update.take(),
            chain: Some(*chain),
            site,
            calls: 1,
        };
        // Like any generator frame, not counted against the frame limit.
        self.frames.push(frame);
        self.call_depth_bump(site)?;
        Ok(None)
    }

    /// Makes the top frame (the call's argument or loop frame) the generator `g` of the
    /// builtin `def` running on `args`: its value is the call's.
    pub(super) fn become_builtin_gen(
        &mut self,
        def: &'static BuiltinDef,
        g: GenFn,
        args: Vec<Value>,
        site: Span,
    ) -> Result<(), Error> {
        let top = self.frames.last_mut().expect("the builtin's frame");
        self.stack.truncate(top.base as usize);
        top.kind = builtin_gen(def, g, args);
        top.calls += 1;
        self.call_depth_bump(site)
    }

    /// Calls the plain function of a builtin whose strict arguments are values, from `site`.
    pub(super) fn run_ready_builtin(
        host: &mut super::HostState,
        def: &'static BuiltinDef,
        args: &[Value],
        site: Span,
    ) -> Result<Plan, Error> {
        host.call_site = Some(site);
        match def.body {
            Body::Plain { f, .. } => f(host, args),
            Body::Gen(_) | Body::Native(_) => unreachable!("generator builtins are not run here"),
        }
    }

    fn builtin_error(&self, e: Error, def: &BuiltinDef, site: Span) -> Error {
        // A builtin's own errors carry no position in Nix; the call site is in this line.
        e.with_trace(
            Some(site),
            format!("while calling the '{}' builtin", def.name),
        )
    }

    /// Replaces the running code frame with a call of `lambda` (a tail call).
    pub(super) fn tail_call(
        &mut self,
        lambda: Rc<Lambda>,
        upvalues: nixvm_value::Upvalues,
        arg: Value,
        site: Span,
    ) -> Result<(), Error> {
        self.note_tail_call();
        let frame = self.frames.last_mut().expect("a frame made the tail call");
        let base = frame.base as usize;
        let kind = FrameKind::Code {
            lambda,
            upvalues,
            ip: 0,
        };
        match &frame.update {
            None => frame.kind = kind,
            // A thunk's frame gives it back the code it was given (see `Thunk::keep_code`).
            Some(t) => {
                if let FrameKind::Code {
                    lambda, upvalues, ..
                } = std::mem::replace(&mut frame.kind, kind)
                {
                    t.keep_code(nixvm_value::thunk::Compiled { lambda, upvalues });
                }
            }
        }
        frame.site = site;
        frame.calls += 1;
        self.stack.truncate(base);
        self.stack.push(arg);
        self.call_depth_bump(site)
    }

    /// The prologue of a function with a formals pattern: checks the argument and pushes
    /// one local per formal.
    pub(super) fn bind_formals(&mut self, lambda: &Rc<Lambda>, arg: Value) -> Result<(), Error> {
        let Some(Param::Formals { formals, .. }) = lambda.param() else {
            unreachable!("BindFormals only in functions with formals")
        };
        let attrs = match arg.shallow() {
            Value::Attrs(a) => a,
            other => {
                return Err(type_error("a set", &other).with_trace(
                    Some(lambda.span),
                    "while evaluating the value passed for the lambda argument",
                ));
            }
        };
        for f in formals.entries.iter() {
            match attrs.get(f.name) {
                Some(v) => self.stack.push(v.clone()),
                None if f.has_default => self.stack.push(match &f.constant {
                    Some(v) => v.clone(),
                    None => Value::Thunk(Thunk::blank()),
                }),
                None => {
                    return Err(Error::at(
                        ErrorKind::MissingArgument {
                            function: lambda.describe(),
                            name: f.name.to_str_lossy().into_owned(),
                        },
                        lambda.span,
                    ));
                }
            }
        }
        let passed = formals
            .entries
            .iter()
            .filter(|f| attrs.contains(f.name))
            .count();
        if !formals.ellipsis && attrs.len() > passed {
            for a in attrs.sorted() {
                if !formals.entries.iter().any(|f| f.name == a.name) {
                    let mut names: Vec<String> = formals
                        .entries
                        .iter()
                        .map(|f| f.name.to_str_lossy().into_owned())
                        .collect();
                    names.sort();
                    let suggestions = helpers::close_names(&a.name.to_str_lossy(), &names);
                    return Err(Error::at(
                        ErrorKind::UnexpectedArgument {
                            function: lambda.describe(),
                            name: a.name.to_str_lossy().into_owned(),
                            suggestions,
                        },
                        lambda.span,
                    ));
                }
            }
        }
        Ok(())
    }

    /// Counts one more call against `max-call-depth`.
    fn call_depth_bump(&mut self, site: Span) -> Result<(), Error> {
        self.call_depth += 1;
        if self.call_depth > self.budget.limits.max_call_depth {
            return Err(Error::at(ErrorKind::StackOverflow, site));
        }
        self.tick()
    }
}

/// The generator `def`'s plain function hands its slow calls to ([`Plan::Slow`]).
pub(super) fn slow_path(def: &BuiltinDef) -> Result<GenFn, Error> {
    match def.body {
        Body::Plain { slow: Some(g), .. } => Ok(g),
        _ => Err(Error::eval(format!(
            "builtins.{} asked for a slow path it does not have",
            def.name
        ))),
    }
}

/// Whether the strict ones of the arguments `args` of the plain builtin `def` are values.
#[inline]
fn ready(def: &BuiltinDef, args: &[Value]) -> bool {
    (args.iter().enumerate()).all(|(i, v)| !def.strict.contains(i) || v.is_whnf())
}

/// A frame running the generator `g` of the builtin `def` on `args`.
fn builtin_gen(def: &'static BuiltinDef, g: GenFn, args: Vec<Value>) -> FrameKind {
    FrameKind::Gen(Box::new(GenFrame::new(def.name, Some(def), move |co| {
        g(co, args)
    })))
}
