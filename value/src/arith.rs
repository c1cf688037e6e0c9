//! Arithmetic on Nix numbers, shared by the operators and the builtins `add`, `sub`, `mul`,
//! `div`: integers are checked for overflow, and an operation with a float is done in floats.

use crate::code::Op;
use crate::error::{Error, ErrorKind};
use crate::expect::type_error;
use crate::value::Value;

fn as_float(v: &Value, context: &str) -> Result<f64, Error> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        other => Err(type_error("a float", other).with_trace(None, context)),
    }
}

fn as_int(v: &Value, context: &str) -> Result<i64, Error> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(type_error("an integer", other).with_trace(None, context)),
    }
}

fn overflow(what: &str, a: i64, op: &str, b: i64) -> Error {
    Error::new(ErrorKind::Overflow(format!(
        "integer overflow in {what} {a} {op} {b}"
    )))
}

/// `a + b` for numbers; `None` if `a` and `b` are not both numbers (string or path
/// concatenation, or an error, decided elsewhere).
pub fn add(a: &Value, b: &Value) -> Result<Option<Value>, Error> {
    Ok(Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => match x.checked_add(*y) {
            Some(r) => Value::Int(r),
            None => return Err(overflow("adding", *x, "+", *y)),
        },
        (Value::Float(x), Value::Float(y)) => Value::Float(x + y),
        (Value::Int(x), Value::Float(y)) => Value::Float(*x as f64 + y),
        (Value::Float(x), Value::Int(y)) => Value::Float(x + *y as f64),
        _ => return Ok(None),
    }))
}

pub fn sub(a: &Value, b: &Value) -> Result<Value, Error> {
    if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
        let x = as_float(a, "while evaluating the first argument of the subtraction")?;
        let y = as_float(b, "while evaluating the second argument of the subtraction")?;
        return Ok(Value::Float(x - y));
    }
    let x = as_int(a, "while evaluating the first argument of the subtraction")?;
    let y = as_int(b, "while evaluating the second argument of the subtraction")?;
    x.checked_sub(y)
        .map(Value::Int)
        .ok_or_else(|| overflow("subtracting", x, "-", y))
}

pub fn mul(a: &Value, b: &Value) -> Result<Value, Error> {
    if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
        let x = as_float(a, "while evaluating the first of the multiplication")?;
        let y = as_float(
            b,
            "while evaluating the second argument of the multiplication",
        )?;
        return Ok(Value::Float(x * y));
    }
    let x = as_int(
        a,
        "while evaluating the first argument of the multiplication",
    )?;
    let y = as_int(
        b,
        "while evaluating the second argument of the multiplication",
    )?;
    x.checked_mul(y)
        .map(Value::Int)
        .ok_or_else(|| overflow("multiplying", x, "*", y))
}

pub fn div(a: &Value, b: &Value) -> Result<Value, Error> {
    let divisor = as_float(b, "while evaluating the second operand of the division")?;
    if divisor == 0.0 {
        return Err(Error::new(ErrorKind::DivisionByZero));
    }
    if matches!(a, Value::Float(_)) || matches!(b, Value::Float(_)) {
        let x = as_float(a, "while evaluating the first operand of the division")?;
        return Ok(Value::Float(x / divisor));
    }
    let x = as_int(a, "while evaluating the first operand of the division")?;
    let y = as_int(b, "while evaluating the second operand of the division")?;
    x.checked_div(y)
        .map(Value::Int)
        .ok_or_else(|| overflow("dividing", x, "/", y))
}

/// `a op b` for integers and an arithmetic or comparison `op` (`scalar_binary_op!`), when
/// it cannot fail; `None` on overflow, division by zero or another op. The fast paths (the
/// instruction loop's and a frameless body's) share it; the failing cases go to the
/// operators above, which make the errors.
#[inline(always)]
pub fn int_binary(op: Op, a: i64, b: i64) -> Option<Value> {
    Some(match op {
        Op::Add => Value::Int(a.checked_add(b)?),
        Op::Sub => Value::Int(a.checked_sub(b)?),
        Op::Mul => Value::Int(a.checked_mul(b)?),
        // `None` for a zero divisor as for `MIN / -1`.
        Op::Div => Value::Int(a.checked_div(b)?),
        Op::Less => Value::Bool(a < b),
        Op::LessEq => Value::Bool(a <= b),
        Op::Greater => Value::Bool(a > b),
        Op::GreaterEq => Value::Bool(a >= b),
        Op::Eq => Value::Bool(a == b),
        Op::NotEq => Value::Bool(a != b),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_is_an_error() {
        let e = add(&Value::Int(i64::MAX), &Value::Int(1)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "integer overflow in adding 9223372036854775807 + 1"
        );
        assert!(div(&Value::Int(i64::MIN), &Value::Int(-1)).is_err());
        assert!(matches!(
            div(&Value::Int(1), &Value::Int(0)).unwrap_err().kind(),
            ErrorKind::DivisionByZero
        ));
    }

    #[test]
    fn int_binary_declines_what_fails() {
        assert!(matches!(int_binary(Op::Add, 2, 3), Some(Value::Int(5))));
        assert!(matches!(int_binary(Op::Div, -7, 2), Some(Value::Int(-3))));
        assert!(matches!(
            int_binary(Op::LessEq, 3, 3),
            Some(Value::Bool(true))
        ));
        assert!(int_binary(Op::Add, i64::MAX, 1).is_none());
        assert!(int_binary(Op::Div, 1, 0).is_none());
        assert!(int_binary(Op::Div, i64::MIN, -1).is_none());
        assert!(int_binary(Op::Concat, 1, 2).is_none());
    }

    #[test]
    fn mixed_arithmetic_is_float() {
        assert!(matches!(mul(&Value::Int(2), &Value::Float(1.5)), Ok(Value::Float(f)) if f == 3.0));
        assert!(matches!(
            div(&Value::Int(7), &Value::Int(2)),
            Ok(Value::Int(3))
        ));
    }
}
