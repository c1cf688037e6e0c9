//! Numbers: `add`, `sub`, `mul`, `div`, `lessThan`, `bitAnd`, `bitOr`, `bitXor`, `ceil`,
//! `floor`.

use nixvm_value::arith;
use nixvm_value::expect::{expect_float, type_error};
use nixvm_value::fmt::format_g;
use nixvm_value::{Error, GenCo, Host, Plan, Value};

use crate::support::args::{self, in_arg};
use nixvm_value::compare::scalar_less;

fn add(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let (x, y) = (a[0].shallow(), a[1].shallow());
    if matches!(x, Value::Float(_)) || matches!(y, Value::Float(_)) {
        let f = |v: &Value, n: &str| match v {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            other => Err(type_error("a float", other).with_trace(
                None,
                format!("while evaluating the {n} argument of the addition"),
            )),
        };
        return Ok(Value::Float(f(&x, "first")? + f(&y, "second")?));
    }
    for (v, n) in [(&x, "first"), (&y, "second")] {
        if !matches!(v, Value::Int(_)) {
            return Err(type_error("an integer", v).with_trace(
                None,
                format!("while evaluating the {n} argument of the addition"),
            ));
        }
    }
    Ok(arith::add(&x, &y)?.expect("two integers"))
}

fn sub(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    arith::sub(&a[0].shallow(), &a[1].shallow())
}

fn mul(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    arith::mul(&a[0].shallow(), &a[1].shallow())
}

fn div(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    arith::div(&a[0].shallow(), &a[1].shallow())
}

fn less_than(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    match (a[0].evaluated(), a[1].evaluated()) {
        (Some(x), Some(y)) => match scalar_less(&x, &y) {
            Some(r) => r.map(|b| Plan::Done(Value::Bool(b))),
            // Lists compare element by element, which needs the VM.
            None => Ok(Plan::Slow),
        },
        _ => Ok(Plan::Slow),
    }
}

async fn less_than_lists(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    Ok(Value::Bool(co.less_than(a[0].clone(), a[1].clone()).await))
}

fn bit_op(a: &[Value], name: &str, op: fn(i64, i64) -> i64) -> Result<Value, Error> {
    let x = args::int(a, 0, name)?;
    let y = args::int(a, 1, name)?;
    Ok(Value::Int(op(x, y)))
}

fn bit_and(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    bit_op(a, "bitAnd", |x, y| x & y)
}

fn bit_or(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    bit_op(a, "bitOr", |x, y| x | y)
}

fn bit_xor(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    bit_op(a, "bitXor", |x, y| x ^ y)
}

/// `ceil` and `floor`: a float is rounded to an integer, which must be in range; an
/// integer is returned as it is, except that current Nix refuses the integers that earlier
/// versions mangled by going through a float.
fn round(a: &[Value], name: &str, f: fn(f64) -> f64) -> Result<Value, Error> {
    let x = in_arg(expect_float(&a[0]), 0, name)?;
    let rounded = f(x);
    // -2^63 is exact as a float; 2^63 is the first float past the largest integer.
    const MIN: f64 = i64::MIN as f64;
    let in_range = (MIN..-MIN).contains(&rounded);
    match a[0].shallow() {
        Value::Int(i) => {
            if !in_range {
                return Err(Error::eval(format!(
                    "Due to a bug (see https://github.com/NixOS/nix/issues/12899) the NixInt argument {i} caused undefined behavior in previous Nix versions.\n\tFuture Nix versions might implement the correct behavior."
                )));
            }
            let r = rounded as i64;
            if r != i {
                return Err(Error::eval(format!(
                    "Due to a bug (see https://github.com/NixOS/nix/issues/12899) a loss of precision occurred in previous Nix versions because the NixInt argument {i} was rounded to {r}.\n\tFuture Nix versions might implement the correct behavior."
                )));
            }
            Ok(Value::Int(i))
        }
        _ if in_range => Ok(Value::Int(rounded as i64)),
        _ => Err(Error::eval(format!(
            "NixFloat argument {} is not in the range of NixInt",
            format_g(x, 6)
        ))),
    }
}

fn ceil(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    round(a, "ceil", f64::ceil)
}

fn floor(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    round(a, "floor", f64::floor)
}

builtins! {
    /// Return the sum of the numbers `e1` and `e2`.
    ADD = "add"(e1: strict, e2: strict) => add;
    /// Return the difference between the numbers `e1` and `e2`.
    SUB = "sub"(e1: strict, e2: strict) => sub;
    /// Return the product of the numbers `e1` and `e2`.
    MUL = "mul"(e1: strict, e2: strict) => mul;
    /// Return the quotient of the numbers `e1` and `e2`.
    DIV = "div"(e1: strict, e2: strict) => div;
    /// Return `e1 < e2` for numbers, strings, paths and lists.
    LESS_THAN = "lessThan"(e1: strict, e2: strict) => less_than, gen less_than_lists;
    /// Return the bitwise AND of the integers `e1` and `e2`.
    BIT_AND = "bitAnd"(e1: strict, e2: strict) => bit_and;
    /// Return the bitwise OR of the integers `e1` and `e2`.
    BIT_OR = "bitOr"(e1: strict, e2: strict) => bit_or;
    /// Return the bitwise XOR of the integers `e1` and `e2`.
    BIT_XOR = "bitXor"(e1: strict, e2: strict) => bit_xor;
    /// Round the number `number` up to the nearest integer.
    CEIL = "ceil"(number: strict) => ceil;
    /// Round the number `number` down to the nearest integer.
    FLOOR = "floor"(number: strict) => floor;
}
