//! Loops over lists that builtins hand to the VM whole (`CallEach`, `Fold`).
//!
//! A loop is started either by a generator's request, and then answers it, or by a
//! builtin's [`Plan`], and then is the builtin call itself: it finishes with the builtin's
//! value, and errors passing through it get the builtin's context line. A plan's loop may
//! also be a state machine of the builtin's ([`Plan::Drive`]: `sort`, `genericClosure`)
//! that asks for one call or one forcing at a time.
//!
//! `filter`, `any`, `concatMap`, `foldl'` and their kind apply a function to each element of
//! a list. Written as a loop in the builtin, every element costs a round trip through the
//! generator (suspend, answer, resume); handed to the VM as one request, the loop runs
//! here, as a frame whose state is the list and the results so far, and the builtin is
//! resumed once with all of them. Each result is checked as it comes back, so errors come
//! in the same order as from a loop in the builtin.

use codemap::Span;

use nixvm_value::builtin::BuiltinDef;
use nixvm_value::expect::{expect_bool, expect_list};
use nixvm_value::{
    CallEach, Driver, EachFinish, Error, Expect, NixList, Plan, Response, Step, StepContext, Value,
};

use super::Vm;
use super::frame::{Applied, Chain, Frame, FrameKind};

/// What a loop frame is doing.
pub enum LoopKind {
    Each {
        spec: Box<CallEach>,
        results: Vec<Value>,
    },
    Fold {
        op: Value,
        acc: Value,
        items: NixList,
    },
    /// A builtin's state machine (only for a builtin's own loop).
    Drive(Box<dyn Driver>),
}

/// The state of a loop frame.
pub struct LoopFrame {
    pub kind: LoopKind,
    /// The next element to apply the function to.
    pub next: usize,
    /// The result of the last application, delivered by the frame that computed it.
    pub received: Option<Value>,
    /// The loop builtin this loop is a call of; `None` for a generator's request.
    pub builtin: Option<&'static BuiltinDef>,
    /// How that builtin makes its value from the results of `Each`.
    pub finish: Option<EachFinish>,
    /// Makes the trace line an error of the current step gets (see [`Step::Force`]).
    pub context: Option<StepContext>,
}

impl Vm {
    /// Pushes a loop frame for a generator's request and runs it as far as it goes.
    pub(super) fn start_loop(&mut self, kind: LoopKind, site: Span) -> Result<(), Error> {
        // The loop's calls are the builtin's calls of its callback: from no place in the
        // source, as in `call_for_gen`.
        let builtin = matches!(
            self.frames.last().map(|f| &f.kind),
            Some(FrameKind::Gen(g)) if g.builtin.is_some()
        );
        let site = if builtin { self.nowhere } else { site };
        let frame = Frame {
            kind: FrameKind::Loop(Box::new(LoopFrame {
                kind,
                next: 0,
                received: None,
                builtin: None,
                finish: None,
                context: None,
            })),
            base: self.stack.len() as u32,
            update: None,
            chain: None,
            site,
            calls: 0,
        };
        self.frames.push(frame);
        self.run_loop()
    }

    /// Pushes `frame` (carrying the call's `update` and `chain`) as the loop of the builtin
    /// `def`, and runs it as far as it goes.
    pub(super) fn start_builtin_loop(
        &mut self,
        mut frame: Frame,
        def: &'static BuiltinDef,
        plan: Plan,
    ) -> Result<(), Error> {
        frame.calls = 1;
        self.push_frame(frame)?;
        self.replace_with_loop(def, plan)
    }

    /// Makes the top frame the loop of the builtin `def`, and runs it as far as it goes.
    pub(super) fn replace_with_loop(
        &mut self,
        def: &'static BuiltinDef,
        plan: Plan,
    ) -> Result<(), Error> {
        let (kind, finish) = match plan {
            Plan::Each(spec, finish) => (
                LoopKind::Each {
                    spec,
                    results: Vec::new(),
                },
                Some(finish),
            ),
            Plan::Fold { op, acc, items } => (LoopKind::Fold { op, acc, items }, None),
            Plan::Drive(driver) => (LoopKind::Drive(driver), None),
            Plan::Done(_) | Plan::Force(_) | Plan::ForceElements { .. } | Plan::Slow => {
                unreachable!("only loops are run here")
            }
        };
        let top = self.frames.last_mut().expect("the builtin's frame");
        top.kind = FrameKind::Loop(Box::new(LoopFrame {
            kind,
            next: 0,
            received: None,
            builtin: Some(def),
            finish,
            context: None,
        }));
        self.run_loop()
    }

    /// Runs the loop frame on top until it needs another frame to compute a result, or is
    /// done (then the generator below has its answer).
    pub(super) fn run_loop(&mut self) -> Result<(), Error> {
        loop {
            self.tick()?;
            let nowhere = self.nowhere;
            let top = self.frames.last_mut().expect("a loop frame");
            let FrameKind::Loop(state) = &mut top.kind else {
                unreachable!("run_loop on a non-loop frame")
            };
            // A builtin's loop calls its callback from no place in the source.
            let frame_site = top.site;
            let mut site = if state.builtin.is_some() {
                nowhere
            } else {
                frame_site
            };
            let received = state.received.take();
            let next = state.next;
            // Take in the last result, then push the arguments of the next application.
            let (f, n) = match &mut state.kind {
                LoopKind::Each { spec, results } => {
                    if let Some(r) = received {
                        check(&r, spec.expect, spec.context, &spec.f)?;
                        let stop =
                            matches!((spec.stop_at, &r), (Some(s), Value::Bool(b)) if s == *b);
                        results.push(r);
                        if stop {
                            state.next = spec.items.len();
                        }
                    }
                    if state.next == spec.items.len() {
                        let results = std::mem::take(results);
                        if let Some(finish) = state.finish {
                            let v = finish(spec, results)?;
                            return self.return_value(v);
                        }
                        return self.finish_loop(Response::Values(results));
                    }
                    let x = spec.items.as_slice()[next].clone();
                    let f = spec.f.clone();
                    state.next += 1;
                    self.stack.push(x);
                    (f, 1)
                }
                LoopKind::Fold { op, acc, items } => {
                    if let Some(r) = received {
                        *acc = r;
                    }
                    if next == items.len() {
                        let acc = std::mem::replace(acc, Value::Null);
                        if state.builtin.is_some() {
                            return self.return_value(acc);
                        }
                        return self.finish_loop(Response::Value(acc));
                    }
                    let x = items.as_slice()[next].clone();
                    let (op, acc) = (op.clone(), acc.clone());
                    state.next += 1;
                    self.stack.push(acc);
                    self.stack.push(x);
                    (op, 2)
                }
                LoopKind::Drive(driver) => {
                    state.context = None;
                    match driver.step(received)? {
                        Step::Done(v) => {
                            let call_site = top.site;
                            return self.finish_with(v, call_site);
                        }
                        Step::Slow(args) => {
                            let call_site = top.site;
                            let def = state.builtin.expect("only a builtin's loop drives");
                            let g = super::call::slow_path(def)?;
                            return self.become_builtin_gen(def, g, args, call_site);
                        }
                        Step::Call2(f, a, b) => {
                            self.stack.push(a);
                            self.stack.push(b);
                            (f, 2)
                        }
                        Step::Call1 { f, arg, context } => {
                            // Called as a thunk of the application would be: from the
                            // builtin's call site.
                            site = frame_site;
                            state.context = context;
                            self.stack.push(arg);
                            (f, 1)
                        }
                        Step::Force { value, context } => {
                            state.context = context;
                            let call_site = top.site;
                            if self.force_for_loop(value, call_site)? {
                                return Ok(());
                            }
                            continue;
                        }
                    }
                }
            };
            let chain = Chain::top(&self.stack, n, false);
            match self.apply(f, chain, None, site)? {
                // The result will be delivered to this frame's `received`.
                Applied::Pushed => return Ok(()),
                Applied::Done(v) => self.set_loop_received(v),
            }
        }
    }

    /// Forces `v` for the loop frame on top, from `site`. Returns true if frames were
    /// pushed (the value arrives later); otherwise the value is in the frame already.
    fn force_for_loop(&mut self, v: Value, site: Span) -> Result<bool, Error> {
        match self.force_value(v, site)? {
            Applied::Pushed => Ok(true),
            Applied::Done(v) => {
                self.set_loop_received(v);
                Ok(false)
            }
        }
    }

    fn set_loop_received(&mut self, v: Value) {
        if let Some(FrameKind::Loop(state)) = self.frames.last_mut().map(|f| &mut f.kind) {
            state.received = Some(v);
        }
    }

    /// Pops the finished loop frame and answers the generator below.
    fn finish_loop(&mut self, answer: Response) -> Result<(), Error> {
        let f = self.frames.pop().expect("the loop frame");
        self.stack.truncate(f.base as usize);
        match self.frames.last_mut().map(|f| &mut f.kind) {
            Some(FrameKind::Gen(g)) => g.answer = Some(answer),
            _ => unreachable!("loops are only started for generators"),
        }
        Ok(())
    }
}

/// Checks one result as the builtin's own loop would have.
fn check(r: &Value, expect: Expect, context: &'static str, f: &Value) -> Result<(), Error> {
    match expect {
        Expect::Anything => Ok(()),
        Expect::Bool => expect_bool(r)
            .map(|_| ())
            .map_err(|e| e.with_trace(None, context)),
        // `concatMap` says where the result came from: Nix's `determinePos` of the result,
        // falling back to the function's.
        Expect::List => expect_list(r)
            .map(|_| ())
            .map_err(|e| e.with_trace(lambda_span(r).or_else(|| lambda_span(f)), context)),
    }
}

/// Where a function value was written, if it is a Nix function.
fn lambda_span(v: &Value) -> Option<Span> {
    match v {
        Value::Closure(c) => Some(c.lambda.span),
        _ => None,
    }
}
