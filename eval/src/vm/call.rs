//! Applying functions: closures, builtins, partial applications and `__functor` sets.
//!
//! A call's arguments sit on the value stack; a [`Chain`] says which ones are still to be
//! applied. Applying a closure pushes its frame, which carries the rest of the chain; when it
//! returns, [`Vm::return_value`] continues the chain. A builtin whose arguments are all there
//! and whose strict ones are already evaluated runs right here, without any allocation.

use std::rc::Rc;

use codemap::Span;

use nixvm_value::builtin::{Body, BuiltinDef, GenFn};
use nixvm_value::code::{Capture, Lambda, Param};
use nixvm_value::expect::type_error;
use nixvm_value::print::{PrintOptions, print_value};
use nixvm_value::symbol::well_known;
use nixvm_value::thunk::{ForceStart, Suspended};
use nixvm_value::{ArgSet, Error, ErrorKind, PartialApp, Plan, Thunk, Value};

use super::Vm;
use super::frame::{Applied, Chain, Frame, FrameKind, GenFrame};
use super::helpers;

impl Vm {
    /// Applies `f` to the arguments of `chain`, one at a time. `update` receives the final
    /// result. Returns `Done` only if everything finished without pushing a frame; then the
    /// chain's stack region is gone and `update` has been filled.
    pub(crate) fn apply_chain(
        &mut self,
        mut f: Value,
        mut chain: Chain,
        mut update: Option<Thunk>,
        site: Span,
    ) -> Result<Applied, Error> {
        if update.is_some() && chain.end - chain.next > 1 {
            // The memoised value is the result of the whole chain.
            let mut k = Frame::continuation(self.stack.len() as u32, site);
            k.update = update.take();
            self.push_frame(k)?;
        }
        loop {
            if chain.next >= chain.end {
                self.stack.truncate(chain.truncate as usize);
                if let Some(t) = &update {
                    t.finish(f.clone());
                }
                return Ok(Applied::Done(f));
            }
            match f {
                Value::Closure(c) => {
                    let (mut lambda, mut upvalues) = (c.lambda.clone(), c.upvalues.clone());
                    // `x: y: body` applied to two or more arguments: build the inner
                    // function's upvalues from the first argument directly, skipping the
                    // frame and the closure that the outer function would only create.
                    while let Some(inner) = lambda.curried
                        && chain.end - chain.next >= 2
                    {
                        let inner = lambda.lambdas[inner as usize].clone();
                        let arg = &self.stack[chain.next as usize];
                        upvalues = nixvm_value::Upvalues::from_iter_exact(
                            inner.captures.len(),
                            inner.captures.iter().map(|cap| match cap {
                                Capture::Local(_) => arg.clone(),
                                Capture::Upvalue(j) => upvalues[*j as usize].clone(),
                            }),
                        );
                        lambda = inner;
                        chain.next += 1;
                    }
                    let last = chain.next + 1 == chain.end;
                    let arg = self.stack[chain.next as usize].clone();
                    chain.next += 1;
                    if lambda.constructs {
                        // The body only builds a value: no frame (see `Lambda::constructs`).
                        f = self.construct(&lambda, &upvalues, Some(&arg));
                        continue;
                    }
                    if last && chain.tail && update.is_none() {
                        self.tail_call(lambda, upvalues, arg, site)?;
                        return Ok(Applied::Pushed);
                    }
                    let base = self.stack.len() as u32;
                    self.stack.push(arg);
                    let mut frame = Frame::code(lambda, upvalues, base, site);
                    frame.update = update;
                    frame.chain = Some(chain);
                    frame.calls = 1;
                    self.push_frame(frame)?;
                    return Ok(Applied::Pushed);
                }
                Value::Builtin(def) => {
                    match self.apply_builtin(def, &[], &mut chain, &mut update, site)? {
                        Some(v) => f = v,
                        None => return Ok(Applied::Pushed),
                    }
                }
                Value::PartialApp(p) => {
                    match self.apply_builtin(p.def, &p.args, &mut chain, &mut update, site)? {
                        Some(v) => f = v,
                        None => return Ok(Applied::Pushed),
                    }
                }
                Value::Thunk(t) => match t.begin_force() {
                    ForceStart::Ready(v) => f = v,
                    ForceStart::Run(s) => {
                        // Evaluate the function first; a continuation applies it afterwards.
                        let mut k = Frame::continuation(self.stack.len() as u32, site);
                        k.update = update;
                        k.chain = Some(chain);
                        self.push_frame(k)?;
                        return match self.start_thunk(t, s, site)? {
                            Applied::Pushed => Ok(Applied::Pushed),
                            Applied::Done(v) => {
                                self.return_value(v)?;
                                Ok(Applied::Pushed)
                            }
                        };
                    }
                    ForceStart::Blackhole => return Err(self.infinite_recursion(&t, site)),
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
                        update,
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
                let ready = |i: usize, v: &Value| !def.strict.contains(i) || v.is_whnf();
                let result = if prior.is_empty() {
                    let args = &self.stack[start..end];
                    if args.iter().enumerate().all(|(i, v)| ready(i, v)) {
                        Some(Vm::run_ready_builtin(&mut self.host, def, args))
                    } else {
                        None
                    }
                } else {
                    let mut args = prior.to_vec();
                    args.extend_from_slice(&self.stack[start..end]);
                    if args.iter().enumerate().all(|(i, v)| ready(i, v)) {
                        Some(Vm::run_ready_builtin(&mut self.host, def, &args))
                    } else {
                        None
                    }
                };
                let args = (prior, start..end);
                match result {
                    Some(r) => match r.map_err(|e| self.builtin_error(e, def, site))? {
                        Plan::Done(r) => return self.builtin_result(r, chain, update, site),
                        Plan::Force(i) => {
                            let extra = ArgSet::one(i);
                            self.start_builtin_args(def, args, extra, update.take(), *chain, site)?;
                            return Ok(None);
                        }
                        // The argument frame asks again, and forces the elements.
                        Plan::ForceElements { .. } => {
                            let extra = ArgSet::EMPTY;
                            self.start_builtin_args(def, args, extra, update.take(), *chain, site)?;
                            return Ok(None);
                        }
                        Plan::Slow => slow_path(def)?,
                        plan => {
                            let mut frame = Frame::continuation(self.stack.len() as u32, site);
                            frame.update = update.take();
                            frame.chain = Some(*chain);
                            self.start_builtin_loop(frame, def, plan)?;
                            return Ok(None);
                        }
                    },
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

    /// Calls the plain function of a builtin whose strict arguments are values.
    pub(super) fn run_ready_builtin(
        host: &mut super::HostState,
        def: &'static BuiltinDef,
        args: &[Value],
    ) -> Result<Plan, Error> {
        match def.body {
            Body::Plain { f, .. } => f(host, args),
            Body::Gen(_) | Body::Native(_) => unreachable!("generator builtins are not run here"),
        }
    }

    /// A builtin returned `r`, which may be an unevaluated thunk: force it before using it.
    fn builtin_result(
        &mut self,
        r: Value,
        chain: &mut Chain,
        update: &mut Option<Thunk>,
        site: Span,
    ) -> Result<Option<Value>, Error> {
        let Value::Thunk(t) = &r else {
            return Ok(Some(r));
        };
        match t.begin_force() {
            ForceStart::Ready(v) => Ok(Some(v)),
            ForceStart::Blackhole => Err(self.infinite_recursion(t, site)),
            ForceStart::Run(s) => {
                let mut k = Frame::continuation(self.stack.len() as u32, site);
                k.update = update.take();
                k.chain = Some(*chain);
                self.push_frame(k)?;
                match self.start_thunk(t.clone(), s, site)? {
                    Applied::Pushed => Ok(None),
                    Applied::Done(v) => {
                        self.return_value(v)?;
                        Ok(None)
                    }
                }
            }
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
        let frame = self.frames.last_mut().expect("a frame made the tail call");
        let base = frame.base as usize;
        frame.kind = FrameKind::Code {
            lambda,
            upvalues,
            ip: 0,
        };
        frame.site = site;
        frame.calls += 1;
        self.stack.truncate(base);
        self.stack.push(arg);
        self.call_depth_bump(site)
    }

    /// Begins evaluating a thunk whose computation is `s` (the thunk is blackholed).
    pub(crate) fn start_thunk(
        &mut self,
        t: Thunk,
        s: Suspended,
        site: Span,
    ) -> Result<Applied, Error> {
        match s {
            Suspended::Code { lambda, upvalues } => {
                // A thunk of one arithmetic operation on evaluated numbers needs no frame.
                if let Some(c) = &lambda.cheap
                    && let Some(v) = nixvm_value::cheap::cheap_value(c, &lambda, &upvalues)
                {
                    t.finish(v.clone());
                    return Ok(Applied::Done(v));
                }
                // A thunk of a literal (`let f = x: …;`, `a = [ x y ];`) only builds it.
                if lambda.constructs {
                    let v = self.construct(&lambda, &upvalues, None);
                    t.finish(v.clone());
                    return Ok(Applied::Done(v));
                }
                let base = self.stack.len() as u32;
                let mut frame = Frame::code(lambda, upvalues, base, site);
                frame.update = Some(t);
                self.push_frame(frame)?;
                Ok(Applied::Pushed)
            }
            Suspended::Apply { func, arg } => {
                if let Some(v) = nixvm_value::cheap::cheap_call(&func, std::slice::from_ref(&arg)) {
                    t.finish(v.clone());
                    return Ok(Applied::Done(v));
                }
                if let Value::Closure(c) = &func {
                    // `map (x: { inherit x; }) l`: the function only builds a value.
                    if c.lambda.constructs {
                        let v = self.construct(&c.lambda, &c.upvalues, Some(&arg));
                        t.finish(v.clone());
                        return Ok(Applied::Done(v));
                    }
                    // `genList (i: …) n`: the argument becomes the callee's local, no chain.
                    let base = self.stack.len() as u32;
                    self.stack.push(arg);
                    let mut frame = Frame::code(c.lambda.clone(), c.upvalues.clone(), base, site);
                    frame.update = Some(t);
                    frame.calls = 1;
                    self.push_frame(frame)?;
                    return Ok(Applied::Pushed);
                }
                let base = self.stack.len() as u32;
                self.stack.push(arg);
                let chain = Chain {
                    next: base,
                    end: base + 1,
                    truncate: base,
                    tail: false,
                };
                self.apply_chain(func, chain, Some(t), site)
            }
        }
    }

    /// Computes a pending thunk where it is, if that needs no frame: a cheap one, or one
    /// that only builds a value (no blackholing is needed, since neither can run Nix code).
    pub(super) fn eval_in_place(&mut self, t: &Thunk) -> Option<Value> {
        t.eval_in_place(|s| nixvm_value::cheap::eval_pending(s, &mut self.stack))
    }

    /// Runs the body of a thunk or function that only builds a value
    /// (`Lambda::constructs`), using the top of the value stack as scratch space.
    pub(super) fn construct(
        &mut self,
        lambda: &Lambda,
        upvalues: &nixvm_value::Upvalues,
        arg: Option<&Value>,
    ) -> Value {
        nixvm_value::construct::construct(lambda, upvalues, arg, &mut self.stack)
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
                None if f.has_default => self.stack.push(Value::Thunk(Thunk::blank())),
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

    /// The error for forcing a thunk that is already being forced. It also points at where
    /// that first forcing began.
    pub(crate) fn infinite_recursion(&self, t: &Thunk, site: Span) -> Error {
        let mut e = Error::at(ErrorKind::InfiniteRecursion, site);
        if let Some(f) = self
            .frames
            .iter()
            .rev()
            .find(|f| f.update.as_ref().is_some_and(|u| u.ptr_eq(t)))
            && f.site != site
        {
            e.add_trace(
                Some(f.site),
                "while evaluating this value, which refers to itself",
            );
        }
        e
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

/// A frame running the generator `g` of the builtin `def` on `args`.
fn builtin_gen(def: &'static BuiltinDef, g: GenFn, args: Vec<Value>) -> FrameKind {
    FrameKind::Gen(Box::new(GenFrame::new(def.name, Some(def), move |co| {
        g(co, args)
    })))
}
