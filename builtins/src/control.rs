//! Errors, messages and evaluation order: `throw`, `abort`, `tryEval`, `seq`, `deepSeq`,
//! `trace`, `traceVerbose`, `warn`, `addErrorContext`, `break`.

use crate::support::args::forced;
use nixvm_value::expect::expect_string;
use nixvm_value::print::{PrintOptions, print_value};
use nixvm_value::{Attr, Coercion, Error, ErrorKind, GenCo, Host, NixAttrs, TraceFrame, Value};

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
    // Forced here, not by the VM afterwards, so that a failure is traced to this call.
    Ok(co.force(a[1].clone()).await)
}

async fn trace(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let msg = co.force(a[0].clone()).await;
    let text = match &msg {
        Value::String(s) => s.to_str_lossy().into_owned(),
        other => print_value(other, &PrintOptions::FULL),
    };
    co.host(move |h| h.trace(&text)).await;
    Ok(co.force(a[1].clone()).await)
}

async fn trace_verbose(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    if co.host(|h| h.settings().trace_verbose).await {
        trace(co, a).await
    } else {
        Ok(co.force(a[1].clone()).await)
    }
}

async fn warn(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let msg = forced(
        &co,
        a[0].clone(),
        expect_string,
        "while evaluating the first argument; the message passed to builtins.warn",
    )
    .await?;
    let text = msg.to_str_lossy().into_owned();
    co.host(move |h| h.warn(&text)).await?;
    Ok(co.force(a[1].clone()).await)
}

async fn add_error_context(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    match co.force_or_error(a[1].clone()).await {
        Ok(v) => Ok(v),
        // The message is evaluated only when there is an error to add it to; if that
        // fails, its own error replaces the first, as in Nix.
        Err(mut e) => {
            let msg = co
                .coerce_in(
                    a[0].clone(),
                    Coercion::PLAIN,
                    vec![TraceFrame {
                        span: None,
                        message:
                            "while evaluating the error message passed to builtins.addErrorContext"
                                .into(),
                        always: false,
                    }],
                )
                .await;
            e.add_trace_always(None, msg.to_str_lossy().into_owned());
            Err(e)
        }
    }
}

fn break_(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    Ok(a[0].clone())
}

builtins! {
    /// Throw an error message `s`; `builtins.tryEval` can catch it.
    THROW = "throw"(s) => gen throw, global;
    /// Abort evaluation with the message `s`; nothing can catch it.
    ABORT = "abort"(s) => gen abort, global;
    /// Evaluate `e` shallowly: `{ success = true; value = e; }`, or
    /// `{ success = false; value = false; }` if it throws or an assertion fails.
    TRY_EVAL = "tryEval"(e) => gen try_eval;
    /// Evaluate `e1`, then return `e2`.
    SEQ = "seq"(e1: strict, e2: strict) => seq;
    /// Evaluate `e1` completely, then return `e2`.
    DEEP_SEQ = "deepSeq"(e1, e2) => gen deep_seq;
    /// Print `e1` on standard error as "trace: …", then return `e2`.
    TRACE = "trace"(e1, e2) => gen trace;
    /// Like `trace` when `--trace-verbose` is on; otherwise just return `e2`.
    TRACE_VERBOSE = "traceVerbose"(e1, e2) => gen trace_verbose;
    /// Print the string `e1` on standard error as an evaluation warning, then return `e2`
    /// (or fail, with `--abort-on-warn`).
    WARN = "warn"(e1, e2) => gen warn;
    /// Return `value`; if evaluating it fails, add the string `context` to the error's
    /// trace.
    ADD_ERROR_CONTEXT = "addErrorContext"(context, value) => gen add_error_context, untraced;
    /// Return `v` (a breakpoint when a debugger is attached; nixvm has none).
    BREAK = "break"(v: strict) => break_, global;
}
