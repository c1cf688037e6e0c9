//! Checking builtin arguments, with the context lines Nix adds to their errors.

use nixvm_value::expect;
use nixvm_value::{Error, GenCo, NixAttrs, NixList, NixString, Value};

fn ordinal(n: usize) -> &'static str {
    ["first", "second", "third", "fourth", "fifth"]
        .get(n)
        .copied()
        .unwrap_or("next")
}

/// "while evaluating the first argument passed to builtins.NAME"
pub fn arg_context(n: usize, builtin: &str) -> String {
    format!(
        "while evaluating the {} argument passed to builtins.{builtin}",
        ordinal(n)
    )
}

/// Adds the argument context to an error about argument `n` of `builtin`.
pub fn in_arg<T>(r: Result<T, Error>, n: usize, builtin: &str) -> Result<T, Error> {
    r.map_err(|e| e.with_trace(None, arg_context(n, builtin)))
}

pub fn int(args: &[Value], n: usize, builtin: &str) -> Result<i64, Error> {
    in_arg(expect::expect_int(&args[n]), n, builtin)
}

pub fn list(args: &[Value], n: usize, builtin: &str) -> Result<NixList, Error> {
    in_arg(expect::expect_list(&args[n]), n, builtin)
}

pub fn attrs(args: &[Value], n: usize, builtin: &str) -> Result<NixAttrs, Error> {
    in_arg(expect::expect_attrs(&args[n]), n, builtin)
}

pub fn string(args: &[Value], n: usize, builtin: &str) -> Result<NixString, Error> {
    in_arg(expect::expect_string(&args[n]), n, builtin)
}

pub fn function(args: &[Value], n: usize, builtin: &str) -> Result<Value, Error> {
    in_arg(expect::expect_function(&args[n]), n, builtin)
}

/// Adds a context line of Nix's own wording ("while evaluating the attribute 'hash'") to an
/// error.
pub fn in_context<T>(r: Result<T, Error>, context: &str) -> Result<T, Error> {
    r.map_err(|e| e.with_trace(None, context))
}

/// `v` forced and checked by `expect` (`expect_attrs`, …); the check's error gets the
/// context line `context`.
pub async fn forced<T>(
    co: &GenCo,
    v: Value,
    expect: fn(&Value) -> Result<T, Error>,
    context: &str,
) -> Result<T, Error> {
    let v = co.force(v).await;
    in_context(expect(&v), context)
}

pub use nixvm_value::expect::no_context;

/// A string without context, as Nix's `forceStringNoCtx` requires (attribute names, …).
pub fn string_no_ctx(v: &Value) -> Result<NixString, Error> {
    expect::expect_string(v).and_then(no_context)
}

/// Argument `n` as a string without context.
pub fn string_no_ctx_arg(args: &[Value], n: usize, builtin: &str) -> Result<NixString, Error> {
    in_arg(string_no_ctx(&args[n]), n, builtin)
}
