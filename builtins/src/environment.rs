//! The process environment: `getEnv`.

use nixvm_value::{Error, Host, Value};

use crate::files::access::string_without_context;
use crate::support::args::arg_context;

fn get_env(h: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let name = string_without_context(&a[0], &arg_context(0, "getEnv"))?;
    // Pure and restricted evaluation see an empty environment, as in Nix.
    if h.settings().pure_eval || h.settings().restrict_eval {
        return Ok(Value::string(""));
    }
    let value = name
        .as_str()
        .and_then(|n| h.io().get_env(n))
        .unwrap_or_default();
    Ok(Value::string(value))
}

builtins! {
    /// Return the value of the environment variable `s`, or "" if it is not set (always ""
    /// in pure evaluation).
    GET_ENV = "getEnv"(s: strict) => get_env;
}
