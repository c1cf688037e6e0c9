//! Numbers: `add`, `sub`, `mul`, `div`, `lessThan`.

use nixvm_value::arith;
use nixvm_value::expect::type_error;
use nixvm_value::{Error, GenCo, Host, Value};

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

async fn less_than(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    Ok(Value::Bool(co.less_than(a[0].clone(), a[1].clone()).await))
}

builtins! {
    /// Return the sum of the numbers `e1` and `e2`.
    ADD = "add"(e1, e2) sync strict(0b11) => add;
    /// Return the difference between the numbers `e1` and `e2`.
    SUB = "sub"(e1, e2) sync strict(0b11) => sub;
    /// Return the product of the numbers `e1` and `e2`.
    MUL = "mul"(e1, e2) sync strict(0b11) => mul;
    /// Return the quotient of the numbers `e1` and `e2`.
    DIV = "div"(e1, e2) sync strict(0b11) => div;
    /// Return `e1 < e2` for numbers, strings, paths and lists.
    LESS_THAN = "lessThan"(e1, e2) gen => less_than;
}

/// The builtins of this file, for the registry.
pub static ALL: &[&nixvm_value::BuiltinDef] = &[&ADD, &SUB, &MUL, &DIV, &LESS_THAN];
