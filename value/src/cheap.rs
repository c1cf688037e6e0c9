//! Cheap bodies ([`Cheap`]) of thunks and of functions `x: …`: one arithmetic operation or
//! comparison, or one attribute selection, computed without the VM when what they read is
//! evaluated already.
//!
//! Nothing here can fail or run Nix code: whatever could (overflow, division by zero, a
//! type error, a missing attribute, an unevaluated operand) gives `None`, and the VM runs
//! the thunk's code instead, so errors are exactly those of the code.

use crate::closure::{Closure, Upvalues};
use crate::code::{Cheap, CheapOperand, Lambda, Op};
use crate::construct::construct;
use crate::symbol::Symbol;
use crate::thunk::{Suspended, Thunk};
use crate::value::Value;

impl Thunk {
    /// Computes a pending cheap thunk where it is (no blackholing or frame is needed);
    /// `None` if it is not one, or needs its code run.
    ///
    /// A thunk that only builds a value (`Lambda::constructs`, or a lazy application of
    /// such a function) is built here too.
    pub fn eval_cheap(&self) -> Option<Value> {
        self.eval_in_place(|s| {
            let mut scratch = SCRATCH.take();
            let v = eval_pending(s, &mut scratch);
            SCRATCH.set(scratch);
            v
        })
    }
}

thread_local! {
    /// Scratch space for building values outside the VM (whose value stack serves there).
    static SCRATCH: std::cell::Cell<Vec<Value>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The value of a pending computation, if it needs no frame: a cheap body, or one that
/// only builds a value (with `stack` as scratch space); `None` means: run it normally.
pub fn eval_pending(s: &Suspended, stack: &mut Vec<Value>) -> Option<Value> {
    match s {
        Suspended::Code { lambda, upvalues } => match &lambda.cheap {
            Some(c) => cheap_value(c, lambda, upvalues),
            None if lambda.constructs => Some(construct(lambda, upvalues, None, stack)),
            None => None,
        },
        Suspended::Apply { func, arg, .. } => match func {
            Value::Closure(c) if c.lambda.constructs => {
                Some(construct(&c.lambda, &c.upvalues, Some(arg), stack))
            }
            Value::Closure(c) => cheap_call(c, std::slice::from_ref(arg)),
            _ => None,
        },
    }
}

/// A number, looking through an evaluated thunk.
#[derive(Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

#[inline]
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

/// The value of a cheap thunk body, if its operands are evaluated numbers and the operation
/// cannot fail; `None` means: run it normally.
pub fn cheap_value(c: &Cheap, lambda: &Lambda, upvalues: &Upvalues) -> Option<Value> {
    cheap_eval(c, lambda, |i| &upvalues[i as usize], None)
}

/// The value of the closure `c` applied to `args` — one argument, or two for `x: y: …` —
/// if the body it runs is cheap and can be computed without the VM; `None` means: call it
/// normally.
#[inline]
pub fn cheap_call(c: &Closure, args: &[Value]) -> Option<Value> {
    // Most functions are not cheap: tell at once.
    let cheap_inner = |i: u32| c.lambda.lambdas[i as usize].cheap.is_some();
    if c.lambda.cheap.is_none() && c.lambda.curried.is_none_or(|i| !cheap_inner(i)) {
        return None;
    }
    match args {
        [x] => {
            let cheap = c.lambda.cheap.as_ref()?;
            cheap_eval(cheap, &c.lambda, |u| &c.upvalues[u as usize], Some(x))
        }
        [x, y] => {
            let inner = &c.lambda.lambdas[c.lambda.curried? as usize];
            let cheap = inner.cheap.as_ref()?;
            // The inner function's upvalues are the outer argument or the outer upvalues.
            let arg = std::slice::from_ref(x);
            let upvalue = |u: u32| Upvalues::to_capture(inner, u, arg, &c.upvalues);
            cheap_eval(cheap, inner, upvalue, Some(y))
        }
        _ => None,
    }
}

/// Like [`cheap_value`], with the upvalues given by `upvalue` (for a thunk not created
/// yet, they are still in the creating frame) and, for a function, its argument.
#[inline]
pub fn cheap_eval<'a>(
    c: &Cheap,
    lambda: &'a Lambda,
    upvalue: impl Fn(u32) -> &'a Value,
    arg: Option<&'a Value>,
) -> Option<Value> {
    let value = |o: CheapOperand| match o {
        CheapOperand::Const(i) => Some(&lambda.constants[i as usize]),
        CheapOperand::Upvalue(i) => Some(upvalue(i)),
        CheapOperand::Arg => arg,
    };
    let (op, a, b) = match *c {
        Cheap::Binary { op, a, b } => (op, a, b),
        Cheap::Select { set, name } => return cheap_select(value(set)?, name),
    };
    let operand = |o: CheapOperand| num_of(value(o)?);
    let (a, b) = (operand(a)?, operand(b)?);
    if let (Num::Int(x), Num::Int(y)) = (a, b) {
        return crate::arith::int_binary(op, x, y);
    }
    let f = |n: Num| match n {
        Num::Int(i) => i as f64,
        Num::Float(f) => f,
    };
    let (x, y) = (f(a), f(b));
    match op {
        Op::Add => Some(Value::Float(x + y)),
        Op::Sub => Some(Value::Float(x - y)),
        Op::Mul => Some(Value::Float(x * y)),
        Op::Div if y != 0.0 => Some(Value::Float(x / y)),
        _ => compare(op, x, y).map(Value::Bool),
    }
}

/// `x op y` for a comparison `op`.
#[inline]
fn compare<T: PartialOrd>(op: Op, x: T, y: T) -> Option<bool> {
    Some(match op {
        Op::Less => x < y,
        Op::Greater => x > y,
        Op::LessEq => x <= y,
        Op::GreaterEq => x >= y,
        Op::Eq => x == y,
        Op::NotEq => x != y,
        _ => return None,
    })
}
