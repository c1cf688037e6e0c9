//! Computing a body without a frame, when it can be: the one place that decides it.
//!
//! The compiler marks the bodies that may need no frame (`Lambda::frameless`, found in
//! `compiler/emit.rs`); they are straight-line code of two kinds, run here:
//!
//! * **one operation** ([`Cheap`]): arithmetic or a comparison on two numbers, `x.name` or
//!   `x.${n}`.
//!   It is computed when what it reads is evaluated already and it cannot fail; otherwise
//!   (overflow, division by zero, a type error, a missing attribute, an operand still a
//!   thunk) the answer is `None` and the code runs in a frame, so errors are the code's.
//! * **building** ([`Frameless::Builds`]): pushes of constants, captured variables, the
//!   argument and new thunks or functions, then one list, set or function literal
//!   (`k: { key = k; }`, `[ a b ]`, `x: y: …`). It cannot fail, force or call anything, so
//!   it is always computed.
//!
//! Every way in uses [`run`]: forcing a thunk ([`eval_pending`], for the VM and for a
//! builtin's own loop through [`Thunk::eval_frameless`]), calling a function ([`call`], for
//! every kind of frame through `Vm::apply`), and an argument about to become a thunk
//! (`Lambda::eager`). So a new fast path of this kind is a new case of [`Frameless`] and of
//! [`run`], and every caller gets it.

use std::rc::Rc;

use crate::attrs::{Attr, NixAttrs};
use crate::closure::{Closure, Upvalues};
use crate::code::{AttrNames, Capture, Cheap, CheapOperand, Frameless, Lambda, Op};
use crate::symbol::Symbol;
use crate::thunk::{Pending, Thunk};
use crate::value::Value;

/// Where the upvalues of a body run here are.
#[derive(Clone, Copy)]
pub enum Upvals<'a> {
    /// Made already: a thunk's or a closure's.
    Made(&'a Upvalues),
    /// Not made yet: those the body's lambda would capture from a frame with these locals
    /// and upvalues. An operation reads them where they are; building makes them.
    Capture(&'a [Value], &'a Upvalues),
}

/// The value of `lambda`'s body, with these upvalues and, for a function `x: …`, argument,
/// if it can be computed without a frame; `None`: run it in one.
///
/// Inlined into each caller, where telling a body that needs a frame costs one comparison
/// and the place of the upvalues is known.
#[inline(always)]
pub fn run(lambda: &Lambda, upvalues: Upvals, arg: Option<&Value>) -> Option<Value> {
    match &lambda.frameless {
        Frameless::No => None,
        Frameless::Cheap(c) => match upvalues {
            Upvals::Made(up) => cheap(c, lambda, |i| &up[i as usize], arg),
            Upvals::Capture(locals, up) => cheap(
                c,
                lambda,
                |i| Upvalues::to_capture(lambda, i, locals, up),
                arg,
            ),
        },
        Frameless::Builds => Some(build(lambda, upvalues, arg)),
    }
}

/// The value of the function `lambda` with `upvalues` applied to the first of `args`, or
/// to two for `x: y: …`, if it can be computed without a frame: the value and how many
/// arguments it took. `x: y: …` given two reads the first where it lies, making neither
/// the inner function nor its upvalues unless it builds; given more, it is declined, for
/// the caller binds them one by one (`closure::bind_first`), which builds nothing.
#[inline(always)]
pub fn call(lambda: &Lambda, upvalues: &Upvalues, args: &[Value]) -> Option<(Value, usize)> {
    match (args, lambda.curried) {
        ([x], _) | ([x, _, ..], None) => Some((run(lambda, Upvals::Made(upvalues), Some(x))?, 1)),
        ([x, y], Some(inner)) => {
            let inner = &lambda.lambdas[inner as usize];
            let upvalues = Upvals::Capture(std::slice::from_ref(x), upvalues);
            Some((run(inner, upvalues, Some(y))?, 2))
        }
        _ => None,
    }
}

/// The value of a pending computation (a thunk's body, or a lazy application of a
/// function), if it can be computed without a frame; `None`: run it in one.
#[inline(always)]
pub fn eval_pending(p: Pending<'_>) -> Option<Value> {
    match p {
        Pending::Code(c) => run(&c.lambda, Upvals::Made(&c.upvalues), None),
        Pending::Apply {
            func: Value::Closure(c),
            arg,
        } => Some(call(&c.lambda, &c.upvalues, std::slice::from_ref(arg))?.0),
        Pending::Apply { .. } => None,
    }
}

impl Thunk {
    /// Its value, if it has one or it can be computed where it is, without a frame (no
    /// blackholing is needed either); `None`: it needs its code run, or is being forced.
    pub fn eval_frameless(&self) -> Option<Value> {
        self.value().or_else(|| self.eval_in_place(eval_pending))
    }
}

/// A number, looking through an evaluated thunk.
#[derive(Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

#[inline(always)]
fn num_of(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::Int(*i)),
        Value::Float(f) => Some(Num::Float(*f)),
        Value::Thunk(t) => t
            .with_value(|v| match v {
                Value::Int(i) => Some(Num::Int(*i)),
                Value::Float(f) => Some(Num::Float(*f)),
                _ => None,
            })
            .flatten(),
        _ => None,
    }
}

/// The attribute `name` of `set`, if `set` is an evaluated set that has it and its value
/// is evaluated.
fn cheap_select(set: &Value, name: Symbol) -> Option<Value> {
    let found = |v: &Value| match v {
        Value::Attrs(a) => a.get(name).and_then(|v| match v {
            Value::Thunk(t) => t.value(),
            v => Some(v.clone()),
        }),
        _ => None,
    };
    match set {
        Value::Thunk(t) => t.with_value(found).flatten(),
        v => found(v),
    }
}

/// The name a dynamic attribute `${n}` selects, if `n` is an evaluated string without
/// context (anything else is left to the code, which has the errors).
fn attr_name(n: &Value) -> Option<Symbol> {
    let name = |v: &Value| match v {
        Value::String(s) if s.context().is_none_or(|c| c.is_empty()) => Some(s.to_symbol()),
        _ => None,
    };
    match n {
        Value::Thunk(t) => t.with_value(name).flatten(),
        v => name(v),
    }
}

/// The value of the operation `c` of `lambda`, its upvalues given by `upvalue`, if its
/// operands are evaluated and it cannot fail. Inlined like [`run`]: a call costs as much as
/// the operation.
#[inline(always)]
fn cheap<'a>(
    c: &Cheap,
    lambda: &'a Lambda,
    upvalue: impl Fn(u32) -> &'a Value,
    arg: Option<&'a Value>,
) -> Option<Value> {
    // Plain functions, not closures, so that they are inlined too.
    #[inline(always)]
    fn read<'a>(
        o: CheapOperand,
        lambda: &'a Lambda,
        upvalue: &impl Fn(u32) -> &'a Value,
        arg: Option<&'a Value>,
    ) -> Option<&'a Value> {
        match o {
            CheapOperand::Const(i) => Some(&lambda.constants[i as usize]),
            CheapOperand::Upvalue(i) => Some(upvalue(i)),
            CheapOperand::Arg => arg,
        }
    }
    let (op, a, b) = match *c {
        Cheap::Binary { op, a, b } => (op, a, b),
        Cheap::Select { set, name } => {
            return cheap_select(read(set, lambda, &upvalue, arg)?, name);
        }
        Cheap::SelectDyn { set, name } => {
            let name = attr_name(read(name, lambda, &upvalue, arg)?)?;
            return cheap_select(read(set, lambda, &upvalue, arg)?, name);
        }
    };
    let a = num_of(read(a, lambda, &upvalue, arg)?)?;
    let b = num_of(read(b, lambda, &upvalue, arg)?)?;
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => crate::arith::int_binary(op, x, y),
        _ => float_binary(op, a, b),
    }
}

/// `a op b` for numbers, one of them a float, if it cannot fail.
#[inline(never)]
fn float_binary(op: Op, a: Num, b: Num) -> Option<Value> {
    let f = |n: Num| match n {
        Num::Int(i) => i as f64,
        Num::Float(f) => f,
    };
    let (x, y) = (f(a), f(b));
    Some(match op {
        Op::Add => Value::Float(x + y),
        Op::Sub => Value::Float(x - y),
        Op::Mul => Value::Float(x * y),
        Op::Div if y != 0.0 => Value::Float(x / y),
        Op::Less => Value::Bool(x < y),
        Op::Greater => Value::Bool(x > y),
        Op::LessEq => Value::Bool(x <= y),
        Op::GreaterEq => Value::Bool(x >= y),
        Op::Eq => Value::Bool(x == y),
        Op::NotEq => Value::Bool(x != y),
        _ => return None,
    })
}

thread_local! {
    /// The stack building pushes on, kept between builds so that none allocates one.
    static SCRATCH: std::cell::Cell<Vec<Value>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Runs `lambda`, a body that only builds a value, with these upvalues and (for a
/// function's body) argument.
#[inline(never)]
fn build(lambda: &Lambda, upvalues: Upvals, arg: Option<&Value>) -> Value {
    let made;
    let upvalues = match upvalues {
        Upvals::Made(up) => up,
        Upvals::Capture(locals, up) => {
            made = Upvalues::for_lambda(lambda, locals, up);
            &made
        }
    };
    let mut stack = SCRATCH.take();
    let local = || arg.expect("only a function's body reads a local").clone();
    let capture = |l: &Lambda| crate::closure::capture(l, arg, upvalues);
    // Sibling thunks capturing the same variables (`[ (f k 1) (f k 2) ]`) share one
    // array of them: they are built from the same values at the same moment.
    let mut shared: Option<(&[Capture], Upvalues)> = None;
    for op in lambda.ops.iter() {
        match *op {
            Op::Const(i) => stack.push(lambda.constants[i as usize].clone()),
            Op::Upvalue(i) => stack.push(upvalues[i as usize].clone()),
            Op::Local(_) => stack.push(local()),
            Op::Thunk(i) => {
                let l = &lambda.lambdas[i as usize];
                let up = match &shared {
                    _ if l.shares => upvalues.clone(),
                    Some((caps, up)) if **caps == *l.captures => up.clone(),
                    _ => {
                        let up = capture(l);
                        if l.captures.len() > 1 {
                            shared = Some((&l.captures, up.clone()));
                        }
                        up
                    }
                };
                let t = Thunk::new_code(l.clone(), up);
                stack.push(Value::Thunk(t));
            }
            Op::Closure(i) => {
                let l = &lambda.lambdas[i as usize];
                let c = Closure::new(l.clone(), capture(l));
                stack.push(Value::Closure(Rc::new(c)));
            }
            Op::List(n) => {
                let items = stack.split_off(stack.len() - n as usize);
                stack.push(Value::List(crate::NixList::new(items)));
            }
            Op::Attrs { names, .. } => {
                let set = build_attrs(&lambda.attr_names[names as usize], &mut stack);
                stack.push(set);
            }
            Op::Return => break,
            _ => unreachable!("the compiler marks only building bodies"),
        }
    }
    let v = stack.pop().expect("the built value");
    SCRATCH.set(stack);
    v
}

/// The set of a literal: its names (sorted, with where each is defined) and their values.
/// The values are the last `names.len()` on `stack`, which are taken off it.
pub fn build_attrs(names: &AttrNames, stack: &mut Vec<Value>) -> Value {
    let attr = |(name, pos): &(Symbol, codemap::Pos), value| Attr {
        name: *name,
        pos: Some(*pos),
        value,
    };
    // One or two attributes are kept inline: no vector to build.
    match &names[..] {
        [a] => {
            let v = stack.pop().expect("the attribute's value");
            return Value::Attrs(NixAttrs::one(attr(a, v)));
        }
        [a, b] => {
            let vb = stack.pop().expect("the second attribute's value");
            let va = stack.pop().expect("the first attribute's value");
            return Value::Attrs(NixAttrs::two(attr(a, va), attr(b, vb)));
        }
        _ => {}
    }
    let values = stack.drain(stack.len() - names.len()..);
    let attrs = names.iter().zip(values).map(|(n, v)| attr(n, v)).collect();
    Value::Attrs(NixAttrs::from_sorted(attrs))
}
