//! Errors and evaluation order: `throw`, `abort`, `tryEval`, `seq`, `deepSeq`, `trace`.

use nixvm_value::print::{PrintOptions, print_value};
use nixvm_value::{Attr, Coercion, Error, ErrorKind, GenCo, Host, NixAttrs, Value};

async fn throw(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let msg = co.coerce(a[0].clone(), Coercion::INTERPOLATION).await;
    Err(Error::new(ErrorKind::Throw(
        msg.to_str_lossy().into_owned(),
    )))
}

async fn abort(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let msg = co.coerce(a[0].clone(), Coercion::INTERPOLATION).await;
    Err(Error::new(ErrorKind::Abort(
        msg.to_str_lossy().into_owned(),
    )))
}

async fn try_eval(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    use nixvm_value::symbol::well_known::{success, value};
    let (ok, v) = match co.try_force(a[0].clone()).await {
        Ok(v) => (true, v),
        Err(_) => (false, Value::Bool(false)),
    };
    Ok(Value::Attrs(NixAttrs::from_unsorted_first_wins(vec![
        Attr::new(success(), Value::Bool(ok)),
        Attr::new(value(), v),
    ])))
}

fn seq(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    Ok(a[1].clone())
}

async fn deep_seq(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    co.deep_force(a[0].clone()).await;
    Ok(a[1].clone())
}

async fn trace(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let msg = co.force(a[0].clone()).await;
    let text = match &msg {
        Value::String(s) => s.to_str_lossy().into_owned(),
        other => print_value(other, &PrintOptions::FULL),
    };
    co.host(move |h| {
        h.trace(&text);
        Ok(Value::Null)
    })
    .await;
    Ok(a[1].clone())
}

builtins! {
    /// Throw an error message `s`; `builtins.tryEval` can catch it.
    THROW = "throw"(s) gen => throw;
    /// Abort evaluation with the message `s`; nothing can catch it.
    ABORT = "abort"(s) gen => abort;
    /// Evaluate `e` shallowly: `{ success = true; value = e; }`, or
    /// `{ success = false; value = false; }` if it throws or an assertion fails.
    TRY_EVAL = "tryEval"(e) gen => try_eval;
    /// Evaluate `e1`, then return `e2`.
    SEQ = "seq"(e1, e2) sync strict(0b01) => seq;
    /// Evaluate `e1` completely, then return `e2`.
    DEEP_SEQ = "deepSeq"(e1, e2) gen => deep_seq;
    /// Print `e1` on standard error as "trace: …", then return `e2`.
    TRACE = "trace"(e1, e2) gen => trace;
}

/// The builtins of this file, for the registry.
pub static ALL: &[&nixvm_value::BuiltinDef] = &[&THROW, &ABORT, &TRY_EVAL, &SEQ, &DEEP_SEQ, &TRACE];
