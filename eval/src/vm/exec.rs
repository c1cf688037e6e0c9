//! Running bytecode: the instruction loop of a code frame.
//!
//! The loop keeps the frame's lambda, upvalues and instruction pointer in locals and only
//! writes the instruction pointer back when it must hand control to another frame (a call
//! that pushes a frame, a thunk to evaluate, a helper generator for a slow path). Everything
//! else — arithmetic, comparisons of simple values, building lists and sets, selecting
//! attributes, calling a builtin that needs no callbacks — happens inside the loop.

use std::mem::ManuallyDrop;
use std::rc::Rc;

use codemap::Span;

use nixvm_value::code::{Capture, Lambda, Op};
use nixvm_value::expect::type_error;
use nixvm_value::fmt::print_identifier;
use nixvm_value::memory;
use nixvm_value::{
    Attr, Closure, Error, ErrorKind, NixAttrs, NixList, Symbol, Thunk, Upvalues, Value,
};

use super::Vm;
use super::frame::{Applied, Chain, FrameKind};
use super::helpers;
use nixvm_value::arith;

/// The state of the running code frame, kept in locals while it runs.
///
/// `lambda` and `upvalues` are the frame's own, copied bit for bit and never dropped: the
/// loop switches frames on every call, return and forcing, and counting a reference in and
/// out each time was one of the costliest things it did. A copy is only read while the frame
/// it came from still holds the originals: the frame is replaced (a tail call) or popped (a
/// return) only by an op after which the loop switches, reloading the registers.
struct Regs {
    /// The next op to run, as a pointer: the one register the dispatch of every op reads
    /// and writes. Always `start` plus an offset (see [`Regs::next`]).
    pc: *const Op,
    /// The lambda's ops: where they start and end.
    start: *const Op,
    end: *const Op,
    lambda: ManuallyDrop<Rc<Lambda>>,
    upvalues: ManuallyDrop<Upvalues>,
    base: usize,
}

impl Regs {
    /// The op at `pc`, with `pc` moved past it; `None` past the end of the ops (the
    /// compiler ends every body with an op that leaves it, so never in practice).
    #[inline(always)]
    fn next(&mut self) -> Option<Op> {
        if self.pc >= self.end {
            return None;
        }
        // SAFETY: `pc` is `start` plus an offset: it starts at `start + ip` and only moves
        // by adding ([`Regs::skip`], [`Regs::jump`]), so it is at or above `start`; below
        // `end`, it points at one of the ops, which `lambda` owns and keeps alive while the
        // registers are read (see `Regs`).
        let op = unsafe { *self.pc };
        self.pc = self.pc.wrapping_add(1);
        Some(op)
    }

    /// The index of the next op, as the frame records it.
    #[inline(always)]
    fn ip(&self) -> usize {
        (self.pc as usize - self.start as usize) / std::mem::size_of::<Op>()
    }

    /// Skips `n` ops.
    #[inline(always)]
    fn skip(&mut self, n: usize) {
        self.pc = self.pc.wrapping_add(n);
    }

    /// Goes on at op `target`.
    #[inline(always)]
    fn jump(&mut self, target: u32) {
        self.pc = self.start.wrapping_add(target as usize);
    }
}

/// What the loop does after an instruction that may leave it.
enum Flow {
    Continue,
    /// Continue at this instruction.
    Jump(u32),
    /// Another frame was pushed (or this one replaced); the main loop takes over.
    Yield,
}

impl Vm {
    /// The registers of the code frame on top of the stack.
    #[inline(always)]
    fn load_regs(&self) -> Regs {
        let f = self.frames.last().expect("a code frame");
        let FrameKind::Code {
            lambda,
            upvalues,
            ip,
        } = &f.kind
        else {
            unreachable!("run_code on a non-code frame")
        };
        // SAFETY: uncounted copies, never dropped, read only while the frame holds the
        // originals (see `Regs`).
        let start = lambda.ops.as_ptr();
        Regs {
            pc: start.wrapping_add(*ip as usize),
            start,
            end: start.wrapping_add(lambda.ops.len()),
            lambda: ManuallyDrop::new(unsafe { std::ptr::read(lambda) }),
            upvalues: ManuallyDrop::new(unsafe { std::ptr::read(upvalues) }),
            base: f.base as usize,
        }
    }

    /// Whether the top frame is a code frame of the current run (so the loop can go on
    /// running it).
    #[inline]
    fn top_is_code(&self) -> bool {
        self.frames.len() > self.run_entry
            && matches!(
                self.frames.last().map(|f| &f.kind),
                Some(FrameKind::Code { .. })
            )
    }

    /// Runs code frames until the top frame is not a code frame or the run is over. Calls
    /// of closures, tail calls and returns between code frames switch the registers in
    /// place, without leaving the loop.
    pub(super) fn run_code(&mut self) -> Result<(), Error> {
        let mut r = self.load_regs();
        // After frames were pushed or popped: go on with the new top frame if it is code.
        macro_rules! switch {
            () => {{
                if !self.top_is_code() {
                    return Ok(());
                }
                r = self.load_regs();
                continue;
            }};
        }
        // An error leaves the frame at the op that failed, so that unwinding finds the
        // context lines of that op (the ip is otherwise only saved when control leaves).
        // Errors carry a position only where Nix gives them one: the ops set it.
        macro_rules! attempt {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(e) => {
                        self.save_ip(r.ip());
                        return Err(e);
                    }
                }
            };
        }
        // For ops that saved the ip before they could fail (or left the frame).
        macro_rules! attempt_saved {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(e) => return Err(e),
                }
            };
        }
        // Forces the thunk `t` for the running op: its value ends up on top of the stack,
        // at once or when the frame that computes it returns (then the loop switches).
        macro_rules! force_to_stack {
            ($t:expr) => {{
                let t = $t;
                let ip = r.ip();
                self.save_ip(ip);
                let site = r.lambda.spans[ip - 1];
                if attempt_saved!(self.force_thunk_to_stack(t, site)) {
                    switch!();
                }
            }};
        }
        loop {
            let Some(op) = r.next() else {
                unreachable!("the compiler ends every body with an op that leaves it")
            };
            match op {
                Op::Const(i) => self.stack.push(r.lambda.constants[i as usize].clone()),
                Op::Local(i) => {
                    let v = self.stack[r.base + i as usize].clone();
                    self.stack.push(v);
                }
                Op::Upvalue(i) => self.stack.push(r.upvalues[i as usize].clone()),
                Op::LocalForce(i) => {
                    let slot = r.base + i as usize;
                    match &self.stack[slot] {
                        Value::Thunk(t) => match t.value() {
                            Some(v) => {
                                // The thunk is done: later reads of this local skip it.
                                self.stack[slot] = v.clone();
                                self.stack.push(v);
                            }
                            None => {
                                force_to_stack!(t.clone());
                                let v = self.top().clone();
                                self.stack[slot] = v;
                            }
                        },
                        v => {
                            // `x.a`: select from the set in place instead of pushing it.
                            if let Value::Attrs(set) = v
                                && let Some(a) = select_next(&r.lambda, r.ip(), set)
                            {
                                let (a, skip) = a;
                                self.stack.push(a);
                                r.skip(skip);
                                continue;
                            }
                            let v = v.clone();
                            self.stack.push(v);
                        }
                    }
                }
                Op::UpvalueForce(i) => match &r.upvalues[i as usize] {
                    Value::Thunk(t) => match t.with_value(|v| match v {
                        Value::Attrs(set) => match select_next(&r.lambda, r.ip(), set) {
                            Some(found) => Err(found),
                            None => Ok(v.clone()),
                        },
                        _ => Ok(v.clone()),
                    }) {
                        Some(Ok(v)) => self.stack.push(v),
                        Some(Err((a, skip))) => {
                            self.stack.push(a);
                            r.skip(skip);
                        }
                        None => force_to_stack!(t.clone()),
                    },
                    v => self.stack.push(v.clone()),
                },
                Op::Force => {
                    if let Value::Thunk(t) = self.top() {
                        match t.value() {
                            Some(v) => *self.stack.last_mut().expect("top") = v,
                            None => {
                                let Value::Thunk(t) = self.pop() else {
                                    unreachable!("checked above")
                                };
                                force_to_stack!(t);
                            }
                        }
                    }
                }
                Op::Thunk(i) => {
                    let l = &r.lambda.lambdas[i as usize];
                    // An argument that is arithmetic on numbers already computed cannot fail
                    // (the cheap path declines what could): compute it instead of a thunk.
                    if l.eager
                        && let Some(v) = nixvm_value::frameless::run(
                            l,
                            nixvm_value::frameless::Upvals::Capture(
                                &self.stack[r.base..],
                                &r.upvalues,
                            ),
                            None,
                        )
                    {
                        self.stack.push(v);
                        continue;
                    }
                    let up = self.capture(l, &r.upvalues, r.base);
                    self.stack
                        .push(Value::Thunk(Thunk::new_code(l.clone(), up)));
                }
                Op::Jump(t) => r.jump(t),
                Op::JumpIfFalse(t) => match self.pop() {
                    // A Boolean owns nothing: forgotten rather than dropped (see
                    // `fast_binary`).
                    b @ Value::Bool(true) => std::mem::forget(b),
                    b @ Value::Bool(false) => {
                        std::mem::forget(b);
                        r.jump(t)
                    }
                    other => {
                        attempt!(as_bool(&other, r.lambda.spans[r.ip() - 1]));
                    }
                },
                nixvm_value::scalar_binary_op!() if fast_binary(&mut self.stack, op) => {}
                Op::Select(sym)
                    if let Some(Value::Attrs(set)) = self.stack.last()
                        && let Some((v, skip)) = select_here(&r.lambda, r.ip(), sym, set) =>
                {
                    *self.stack.last_mut().expect("the set") = v;
                    r.skip(skip);
                }
                // The Boolean operators on Booleans; anything else fails in `step`.
                Op::And(t) if matches!(self.stack.last(), Some(Value::Bool(_))) => {
                    if let Some(Value::Bool(true)) = self.stack.last() {
                        std::mem::forget(self.stack.pop());
                    } else {
                        r.jump(t);
                    }
                }
                Op::Or(t) if matches!(self.stack.last(), Some(Value::Bool(_))) => {
                    if let Some(Value::Bool(false)) = self.stack.last() {
                        std::mem::forget(self.stack.pop());
                    } else {
                        r.jump(t);
                    }
                }
                Op::AssertBool if matches!(self.stack.last(), Some(Value::Bool(_))) => {}
                // Stack bookkeeping, too frequent to go through `step`.
                Op::Pop => {
                    self.pop();
                }
                Op::Slide(n) => {
                    let top = self.pop();
                    let len = self.stack.len();
                    self.stack.truncate(len - n as usize);
                    self.stack.push(top);
                }
                Op::Blank => self.stack.push(Value::Thunk(Thunk::blank())),
                // Ops that only make a value, and can neither fail nor leave the frame: each
                // its own small function, without `step`'s large one around it.
                Op::Closure(i) => self.make_closure(&r.lambda, &r.upvalues, r.base, i),
                Op::Fill { slot, lambda } => {
                    self.fill(&r.lambda, &r.upvalues, r.base, slot, lambda, false)
                }
                Op::FillIfBlank { slot, lambda } => {
                    self.fill(&r.lambda, &r.upvalues, r.base, slot, lambda, true)
                }
                Op::List(n) => self.make_list(n),
                Op::Attrs { n, names } => self.make_attrs(&r.lambda, n, names),
                // `a.b or c` and `a ? b`, a step each, which cannot fail.
                Op::SelectOr { sym, target } => {
                    if !self.descend(r.lambda.symbols[sym as usize]) {
                        self.pop();
                        r.jump(target);
                    }
                }
                Op::HasAttr { sym, target } => {
                    if !self.descend(r.lambda.symbols[sym as usize]) {
                        *self.stack.last_mut().expect("top") = Value::Bool(false);
                        r.jump(target);
                    }
                }
                Op::Call(n) | Op::TailCall(n) => {
                    let fpos = self.stack.len() - n as usize - 1;
                    let f = std::mem::replace(&mut self.stack[fpos], Value::Null);
                    let chain = Chain::top(&self.stack, n, matches!(op, Op::TailCall(_)));
                    let chain = Chain {
                        truncate: fpos as u32,
                        ..chain
                    };
                    let ip = r.ip();
                    let site = r.lambda.spans[ip - 1];
                    self.save_ip(ip);
                    match attempt_saved!(self.apply(f, chain, None, site)) {
                        Applied::Pushed => switch!(),
                        Applied::Done(v) => self.stack.push(v),
                    }
                }
                Op::Return => {
                    let v = match self.pop() {
                        Value::Thunk(t) => t.value().expect("Return expects a forced value"),
                        v => v,
                    };
                    match self.return_to_code(v) {
                        // The frame below is code of this run: it goes on at once.
                        Ok(()) => r = self.load_regs(),
                        Err(v) => {
                            attempt_saved!(self.return_value(v));
                            switch!();
                        }
                    }
                }
                _ => match attempt!(self.step(&r.lambda, r.ip())) {
                    Flow::Continue => {}
                    Flow::Jump(t) => r.jump(t),
                    Flow::Yield => switch!(),
                },
            }
        }
    }

    /// Forces `t` for the running code frame; its value will land on the stack. Returns
    /// true if a frame was pushed (the frame must yield), false if the value is on the
    /// stack already.
    fn force_thunk_to_stack(&mut self, t: Thunk, site: Span) -> Result<bool, Error> {
        match self.force_thunk(t, site)? {
            Applied::Pushed => Ok(true),
            Applied::Done(v) => {
                self.stack.push(v);
                Ok(false)
            }
        }
    }

    /// Records the instruction pointer of the running code frame before control leaves it.
    fn save_ip(&mut self, ip: usize) {
        if let Some(f) = self.frames.last_mut()
            && let FrameKind::Code { ip: saved, .. } = &mut f.kind
        {
            *saved = ip as u32;
        }
    }

    fn pop(&mut self) -> Value {
        self.stack
            .pop()
            .expect("the compiler keeps the stack balanced")
    }

    fn top(&self) -> &Value {
        self.stack
            .last()
            .expect("the compiler keeps the stack balanced")
    }

    #[inline(always)]
    fn capture(&self, lambda: &Lambda, upvalues: &Upvalues, base: usize) -> Upvalues {
        Upvalues::for_lambda(lambda, &self.stack[base..], upvalues)
    }

    /// `Closure(i)`.
    #[inline(never)]
    fn make_closure(&mut self, lambda: &Lambda, upvalues: &Upvalues, base: usize, i: u32) {
        let l = &lambda.lambdas[i as usize];
        let up = self.capture(l, upvalues, base);
        self.stack
            .push(Value::Closure(Rc::new(Closure::new(l.clone(), up))));
    }

    /// `Fill { slot, lambda }`, or with `if_blank` `FillIfBlank`.
    #[inline(never)]
    fn fill(
        &mut self,
        lambda: &Lambda,
        upvalues: &Upvalues,
        base: usize,
        slot: u32,
        li: u32,
        if_blank: bool,
    ) {
        let Value::Thunk(t) = self.stack[base + slot as usize].clone() else {
            // FillIfBlank: the argument was passed, nothing to fill.
            return;
        };
        if if_blank && !t.is_blank() {
            return;
        }
        let l = &lambda.lambdas[li as usize];
        let up = self.capture(l, upvalues, base);
        // A default that is a variable of an enclosing scope is that variable's very cell
        // in Nix, which `==` can tell (the thunk is still filled for the defaults that
        // captured it already).
        let alias = match (&up, &*l.ops, &*l.captures) {
            (
                Upvalues::One(v),
                [Op::Upvalue(0) | Op::UpvalueForce(0), Op::Return],
                [Capture::Upvalue(_)],
            ) if if_blank => Some(v.clone()),
            _ => None,
        };
        t.fill(l.clone(), up);
        if let Some(v) = alias {
            self.stack[base + slot as usize] = v;
        }
    }

    /// `List(n)`.
    #[inline(never)]
    fn make_list(&mut self, n: u32) {
        let len = self.stack.len();
        let items = self.stack.split_off(len - n as usize);
        self.stack.push(Value::List(NixList::new(items)));
    }

    /// `Attrs { n, names }`.
    #[inline(never)]
    fn make_attrs(&mut self, lambda: &Lambda, n: u32, names: u32) {
        debug_assert_eq!(n as usize, lambda.attr_names[names as usize].len());
        let set = nixvm_value::frameless::build_attrs(
            &lambda.attr_names[names as usize],
            &mut self.stack,
        );
        self.stack.push(set);
    }

    /// Runs the op before `ip`, one of those not handled in `run_code`'s loop. It reads the
    /// op again rather than be given it: passed on, the op had to be kept in memory at
    /// every op the loop dispatched.
    #[inline(never)]
    fn step(&mut self, lambda: &Rc<Lambda>, ip: usize) -> Result<Flow, Error> {
        let op = lambda.ops[ip - 1];
        let span = lambda.spans[ip - 1];
        match op {
            // The hot ops are handled in `run_code` and never get here.
            Op::Const(_)
            | Op::Local(_)
            | Op::Upvalue(_)
            | Op::LocalForce(_)
            | Op::UpvalueForce(_)
            | Op::Force
            | Op::Thunk(_)
            | Op::Jump(_)
            | Op::JumpIfFalse(_)
            | Op::Call(_)
            | Op::TailCall(_)
            | Op::Pop
            | Op::Slide(_)
            | Op::Blank
            | Op::Closure(_)
            | Op::Fill { .. }
            | Op::FillIfBlank { .. }
            | Op::List(_)
            | Op::Attrs { .. }
            | Op::SelectOr { .. }
            | Op::HasAttr { .. }
            | Op::Return => unreachable!("{op:?} is handled in run_code"),

            Op::DynAttr => {
                let value = self.pop();
                let key = self.pop();
                let set = self.pop();
                let Value::Attrs(set) = set else {
                    unreachable!("DynAttr follows Attrs")
                };
                let key = key.into_shallow();
                if matches!(key, Value::Null) {
                    self.stack.push(Value::Attrs(set));
                    return Ok(Flow::Continue);
                }
                let name = attr_name(
                    &key,
                    span,
                    "while evaluating the name of a dynamic attribute",
                )?;
                if let Some(prev) = set.get_attr(name) {
                    let at = prev
                        .pos
                        .and_then(|p| self.position_text(p))
                        .unwrap_or_else(|| "(unknown position)".into());
                    return Err(Error::at(
                        ErrorKind::Eval(format!(
                            "dynamic attribute '{}' already defined at {at}",
                            print_identifier(name.as_bytes())
                        )),
                        span,
                    ));
                }
                let attr = Attr {
                    name,
                    pos: Some(span.low()),
                    value,
                };
                self.stack.push(Value::Attrs(set.insert(attr)));
            }
            Op::Select(sym) => {
                let name = lambda.symbols[sym as usize];
                let v = self.pop();
                self.stack.push(select(&v, name, span)?);
            }
            Op::SelectDyn => {
                let name = self.pop_attr_name(span)?;
                let v = self.pop();
                self.stack.push(select(&v, name, span)?);
            }
            Op::SelectDynOr { target } => {
                let name = self.pop_attr_name(span)?;
                if !self.descend(name) {
                    self.pop();
                    return Ok(Flow::Jump(target));
                }
            }
            Op::HasAttrDyn { target } => {
                let name = self.pop_attr_name(span)?;
                if !self.descend(name) {
                    *self.stack.last_mut().expect("top") = Value::Bool(false);
                    return Ok(Flow::Jump(target));
                }
            }
            Op::And(t) | Op::Or(t) | Op::Implies(t) => {
                let b = as_bool(self.top(), span)?;
                let jump = match op {
                    Op::And(_) => !b,
                    Op::Or(_) => b,
                    _ => !b,
                };
                if jump {
                    *self.stack.last_mut().expect("top") = Value::Bool(!matches!(op, Op::And(_)));
                    return Ok(Flow::Jump(t));
                } else {
                    self.pop();
                }
            }
            Op::AssertBool => {
                let b = as_bool(self.top(), span)?;
                *self.stack.last_mut().expect("top") = Value::Bool(b);
            }
            Op::Assert(c) => {
                let cond = self.pop();
                if !as_bool(&cond, span)? {
                    let text = match &lambda.constants[c as usize] {
                        Value::String(s) => s.to_str_lossy().into_owned(),
                        _ => String::new(),
                    };
                    return Err(Error::at(
                        ErrorKind::AssertionFailed(format!("assertion '{text}' failed")),
                        span,
                    ));
                }
            }
            Op::EqKeep => {
                let n = self.stack.len();
                let (a, b) = (self.stack[n - 2].shallow(), self.stack[n - 1].shallow());
                match helpers::equal_now(&a, &b, true) {
                    Ok(r) => self.stack.push(Value::Bool(r)),
                    Err(walk) => {
                        self.save_ip(ip);
                        return self.helper("equality", span, move |co| {
                            Box::pin(async move {
                                Ok(Value::Bool(helpers::finish_equal(&co, walk).await?))
                            })
                        });
                    }
                }
            }
            Op::AssertEq(c) => {
                let ok = self.pop();
                let b = self.pop();
                let a = self.pop();
                if !matches!(ok.shallow(), Value::Bool(true)) {
                    let text = match &lambda.constants[c as usize] {
                        Value::String(s) => s.to_str_lossy().into_owned(),
                        _ => String::new(),
                    };
                    let eq = lambda.spans[ip - 2];
                    self.save_ip(ip);
                    return self.helper("assertion", span, move |co| {
                        Box::pin(helpers::assert_eq_failure(co, a, b, eq, span, text))
                    });
                }
            }
            Op::Not => {
                let b = as_bool(self.top(), span)?;
                *self.stack.last_mut().expect("top") = Value::Bool(!b);
            }
            Op::Negate => {
                let v = self.pop();
                self.stack
                    .push(arith::sub(&Value::Int(0), &v.into_shallow())?);
            }
            Op::Add | Op::Sub | Op::Mul | Op::Div => {
                let b = self.pop().into_shallow();
                let a = self.pop().into_shallow();
                let r = match op {
                    Op::Add => {
                        match arith::add(&a, &b).map_err(|e| e.with_span(right_operand(span)))? {
                            Some(v) => v,
                            None => match helpers::add_plain_strings(a, b) {
                                Ok(v) => v,
                                Err([a, b]) => {
                                    self.save_ip(ip);
                                    return self.helper("string concatenation", span, move |co| {
                                        Box::pin(helpers::add_strings(co, a, b, span))
                                    });
                                }
                            },
                        }
                    }
                    Op::Sub => arith::sub(&a, &b)?,
                    Op::Mul => arith::mul(&a, &b)?,
                    _ => arith::div(&a, &b)?,
                };
                self.stack.push(r);
            }
            Op::Eq | Op::NotEq => {
                let b = self.pop().into_shallow();
                let a = self.pop().into_shallow();
                let negate = op == Op::NotEq;
                match helpers::equal_now(&a, &b, true) {
                    Ok(r) => self.stack.push(Value::Bool(r != negate)),
                    Err(walk) => {
                        self.save_ip(ip);
                        return self.helper("equality", span, move |co| {
                            Box::pin(async move {
                                let r = helpers::finish_equal(&co, walk).await?;
                                Ok(Value::Bool(r != negate))
                            })
                        });
                    }
                }
            }
            Op::Less | Op::LessEq | Op::Greater | Op::GreaterEq => {
                let b = self.pop().into_shallow();
                let a = self.pop().into_shallow();
                // a <= b is !(b < a); a > b is b < a; a >= b is !(a < b).
                let (x, y, negate) = match op {
                    Op::Less => (a, b, false),
                    Op::LessEq => (b, a, true),
                    Op::Greater => (b, a, false),
                    _ => (a, b, true),
                };
                match helpers::shallow_less(&x, &y)? {
                    Some(r) => self.stack.push(Value::Bool(r != negate)),
                    None => {
                        self.save_ip(ip);
                        return self.helper("comparison", span, move |co| {
                            Box::pin(async move {
                                let r = helpers::less_than(&co, x, y).await?;
                                Ok(Value::Bool(r != negate))
                            })
                        });
                    }
                }
            }
            Op::Concat => {
                let b = self.pop().into_shallow();
                let a = self.pop().into_shallow();
                let (Value::List(a), Value::List(b)) = (&a, &b) else {
                    let bad = if matches!(a, Value::List(_)) { &b } else { &a };
                    return Err(type_error("a list", bad).with_trace(
                        Some(span),
                        "while evaluating one of the elements to concatenate",
                    ));
                };
                let r = if a.is_empty() {
                    b.clone()
                } else if b.is_empty() {
                    a.clone()
                } else {
                    let mut v = memory::vec_with_capacity(a.len() + b.len())
                        .map_err(|e| e.with_span(span))?;
                    v.extend_from_slice(a.as_slice());
                    v.extend_from_slice(b.as_slice());
                    NixList::new(v)
                };
                self.stack.push(Value::List(r));
            }
            Op::Update => {
                let b = self.pop().into_shallow();
                let a = self.pop().into_shallow();
                let (Value::Attrs(a), Value::Attrs(b)) = (&a, &b) else {
                    // Nix checks the right operand first. The op's span runs from the
                    // left operand's position to the right one's.
                    return Err(if let Value::Attrs(_) = &b {
                        type_error("a set", &a)
                            .with_trace(Some(span.subspan(0, 0)), "in the left operand of '//'")
                    } else {
                        type_error("a set", &b)
                            .with_trace(Some(right_operand(span)), "in the right operand of '//'")
                    });
                };
                memory::reserve_items::<Attr>(a.len() + b.len(), 0)
                    .map_err(|e| e.with_span(span))?;
                self.stack.push(Value::Attrs(a.update(b)));
            }
            Op::Overrides => {
                let o = self.pop().into_shallow();
                let Value::Attrs(o) = &o else {
                    return Err(type_error("a set", &o));
                };
                let Value::Attrs(set) = self.pop().into_shallow() else {
                    unreachable!("the compiler puts the rec set below its overrides")
                };
                self.stack.push(Value::Attrs(set.update(o)));
            }
            Op::Interpolate(n) | Op::ToPath(n) => {
                let len = self.stack.len();
                let parts: Vec<Value> = self
                    .stack
                    .split_off(len - n as usize)
                    .into_iter()
                    .map(|v| v.into_shallow())
                    .collect();
                let to_path = matches!(op, Op::ToPath(_));
                // Running out of memory is located at the string; other errors (a path
                // that is not absolute) are Nix's, without a position.
                let plain =
                    helpers::concat_plain_strings(&parts, to_path).map_err(|e| match e.kind() {
                        ErrorKind::OutOfMemory(_) => e.with_span(span),
                        _ => e,
                    })?;
                if let Some(r) = plain {
                    self.stack.push(r);
                } else {
                    self.save_ip(ip);
                    return self.helper("string interpolation", span, move |co| {
                        Box::pin(helpers::interpolate(co, parts, to_path))
                    });
                }
            }
            Op::WithLookup { sym, n } => {
                let name = lambda.symbols[sym as usize];
                let start = self.stack.len() - n as usize;
                // The compiler loaded each scope at the position of its `with`.
                let with_sites = &lambda.spans[ip - 1 - n as usize..ip - 1];
                // The scopes are looked at where they lie: most lookups find the name in an
                // evaluated scope, and need neither a copy of the scopes nor of a scope.
                enum Found {
                    Value(Value),
                    Missing,
                    NotASet,
                }
                let look = |v: &Value| match v {
                    Value::Attrs(a) => a
                        .get(name)
                        .map_or(Found::Missing, |v| Found::Value(v.clone())),
                    _ => Found::NotASet,
                };
                for (i, site) in with_sites.iter().enumerate() {
                    let found = match &self.stack[start + i] {
                        Value::Thunk(t) => match t.with_value(look) {
                            Some(found) => found,
                            None => {
                                let scopes = self.stack.split_off(start);
                                let with_sites = with_sites.to_vec();
                                self.save_ip(ip);
                                return self.helper("with", span, move |co| {
                                    Box::pin(helpers::with_lookup(
                                        co, scopes, with_sites, name, span,
                                    ))
                                });
                            }
                        },
                        v => look(v),
                    };
                    match found {
                        Found::Value(v) => {
                            self.stack.truncate(start);
                            self.stack.push(v);
                            return Ok(Flow::Continue);
                        }
                        Found::Missing => {}
                        Found::NotASet => {
                            let other = self.stack[start + i].shallow();
                            return Err(type_error("a set", &other).with_trace(
                                Some(*site),
                                "while evaluating the first subexpression of a with expression",
                            ));
                        }
                    }
                }
                return Err(Error::at(
                    ErrorKind::UndefinedVariable(name.to_str_lossy().into_owned()),
                    span,
                ));
            }
            Op::BindFormals => {
                let arg = self.pop();
                self.bind_formals(lambda, arg)?;
            }
            Op::CompileBody => {
                // A function called for the first time: this frame runs its compiled body
                // from the start (the argument is in place; nothing has run yet).
                let body = crate::parse::compile_deferred(lambda, &self.globals)?;
                if let Some(FrameKind::Code { lambda, ip, .. }) =
                    self.frames.last_mut().map(|f| &mut f.kind)
                {
                    *lambda = body;
                    *ip = 0;
                }
                return Ok(Flow::Yield);
            }
        }
        Ok(Flow::Continue)
    }

    /// Replaces a set on top of the stack that has the attribute `name` with its value;
    /// returns false (leaving the top as it is) when the top is not such a set.
    #[inline(never)]
    fn descend(&mut self, name: Symbol) -> bool {
        match attr_in_place(self.top(), name) {
            Some(v) => {
                *self.stack.last_mut().expect("top") = v;
                true
            }
            None => false,
        }
    }

    /// Takes the evaluated key of a dynamic selection or `?` off the stack: the name it
    /// stands for; `span` is the selection's.
    fn pop_attr_name(&mut self, span: Span) -> Result<Symbol, Error> {
        let key = self.pop().into_shallow();
        attr_name(&key, span, "while evaluating an attribute name")
    }

    /// Hands a slow path to a helper generator whose result lands on this frame's stack.
    fn helper<F>(&mut self, name: &'static str, site: Span, f: F) -> Result<Flow, Error>
    where
        F: FnOnce(nixvm_value::GenCo) -> nixvm_value::GenFuture,
    {
        self.push_gen(name, site, f, None, None);
        Ok(Flow::Yield)
    }
}

/// Attribute `name` of `v`, a set or a thunk evaluated to one, looked at in place: the set
/// is not copied out of its thunk to look into it.
fn attr_in_place(v: &Value, name: Symbol) -> Option<Value> {
    let get = |v: &Value| match v {
        Value::Attrs(a) => a.get(name).cloned(),
        _ => None,
    };
    match v {
        Value::Thunk(t) => t.with_value(get).flatten(),
        v => get(v),
    }
}

/// `v.name`, for a forced `v`; `span` is the selection's.
fn select(v: &Value, name: Symbol, span: Span) -> Result<Value, Error> {
    if let Some(found) = attr_in_place(v, name) {
        return Ok(found);
    }
    match v.shallow() {
        Value::Attrs(a) => Err(Error::new(ErrorKind::AttributeMissing {
            name: name.to_str_lossy().into_owned(),
            suggestions: helpers::suggestions(&a, name),
        })),
        other => Err(type_error("a set", &other)
            .with_trace(Some(span.subspan(0, 0)), "while selecting an attribute")),
    }
}

/// `Select(sym)` at `ip` (about to run) on `set`, done at once: the attribute's value, and
/// how many ops that consumed. An evaluated thunk is unwrapped when a `Force` follows, as
/// it almost always does. `None` (no such op, no such attribute) leaves it to the op.
#[inline]
fn select_next(lambda: &Lambda, ip: usize, set: &NixAttrs) -> Option<(Value, usize)> {
    let Op::Select(sym) = lambda.ops[ip] else {
        return None;
    };
    select_here(lambda, ip + 1, sym, set).map(|(v, skip)| (v, skip + 1))
}

/// The value of attribute `symbols[sym]` of `set` for a `Select` whose next op is at `ip`,
/// with the number of following ops consumed (1 if that was a `Force` it did).
#[inline]
fn select_here(lambda: &Lambda, ip: usize, sym: u32, set: &NixAttrs) -> Option<(Value, usize)> {
    let attr = set.get_attr(lambda.symbols[sym as usize])?;
    if let Value::Thunk(t) = &attr.value
        && matches!(lambda.ops.get(ip), Some(Op::Force))
        && let Some(v) = t.value()
    {
        return Some((v, 1));
    }
    Some((attr.value.clone(), 0))
}

/// The attribute name a dynamic key stands for; `span` is where the name is. As in Nix, a
/// name must not refer to store paths.
fn attr_name(key: &Value, span: Span, context: &str) -> Result<Symbol, Error> {
    match key {
        Value::String(s) if s.context().is_none_or(|c| c.is_empty()) => Ok(s.to_symbol()),
        Value::String(s) => match nixvm_value::expect::no_context(s.clone()) {
            Ok(s) => Ok(s.to_symbol()),
            Err(e) => Err(e.with_span(span).with_trace(Some(span), context)),
        },
        other => Err(type_error("a string", other)
            .with_span(span)
            .with_trace(Some(span), context)),
    }
}

/// A condition's value; `span` is the condition's position (the op's).
fn as_bool(v: &Value, span: Span) -> Result<bool, Error> {
    match v.shallow() {
        Value::Bool(b) => Ok(b),
        other => Err(type_error("a Boolean", &other).with_span(span.subspan(0, 0))),
    }
}

/// The position of the right operand of a binary operation whose op span the compiler made
/// run from the left operand's position to the right one's.
pub(super) fn right_operand(span: Span) -> Span {
    let len = span.high() - span.low();
    span.subspan(len, len)
}

/// Integer arithmetic and comparison on the two values on top of the stack, when both are
/// already integers and nothing can go wrong; returns false to take the general path.
#[inline(always)]
fn fast_binary(stack: &mut Vec<Value>, op: Op) -> bool {
    let [.., Value::Int(a), Value::Int(b)] = stack.as_mut_slice() else {
        return false;
    };
    let Some(r) = arith::int_binary(op, *a, *b) else {
        return false;
    };
    // Both operands are integers, which own nothing: they are forgotten, as the drop
    // glue of a value, called on each, does not know that.
    std::mem::forget(stack.pop());
    if let Some(top) = stack.last_mut() {
        std::mem::forget(std::mem::replace(top, r));
    }
    true
}
