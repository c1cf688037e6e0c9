//! Type checks on forced values, producing Nix's "expected a set but found …" errors.

use crate::attrs::NixAttrs;
use crate::error::{Error, ErrorKind};
use crate::list::NixList;
use crate::print::{PrintOptions, print_value};
use crate::string::NixString;
use crate::value::Value;

/// The error for `v` not being of the `expected` type ("a set", "an integer", …).
pub fn type_error(expected: &'static str, v: &Value) -> Error {
    Error::new(ErrorKind::TypeMismatch {
        expected,
        found: v.value_type(),
        value: print_value(v, &PrintOptions::ERROR),
    })
}

/// `s`, which must not refer to store paths (Nix's `forceStringNoCtx`: attribute names,
/// and the arguments of builtins that read a string as data).
pub fn no_context(s: NixString) -> Result<NixString, Error> {
    match s.context().and_then(|c| c.iter().next()) {
        None => Ok(s),
        Some(elem) => Err(Error::eval(format!(
            "the string '{}' is not allowed to refer to a store path (such as '{}')",
            s.to_str_lossy(),
            elem.shown()
        ))),
    }
}

pub fn expect_int(v: &Value) -> Result<i64, Error> {
    match v.shallow() {
        Value::Int(i) => Ok(i),
        other => Err(type_error("an integer", &other)),
    }
}

pub fn expect_bool(v: &Value) -> Result<bool, Error> {
    match v.shallow() {
        Value::Bool(b) => Ok(b),
        other => Err(type_error("a Boolean", &other)),
    }
}

pub fn expect_float(v: &Value) -> Result<f64, Error> {
    match v.shallow() {
        Value::Float(f) => Ok(f),
        Value::Int(i) => Ok(i as f64),
        other => Err(type_error("a float", &other)),
    }
}

pub fn expect_list(v: &Value) -> Result<NixList, Error> {
    match v.shallow() {
        Value::List(l) => Ok(l),
        other => Err(type_error("a list", &other)),
    }
}

pub fn expect_attrs(v: &Value) -> Result<NixAttrs, Error> {
    match v.shallow() {
        Value::Attrs(a) => Ok(a),
        other => Err(type_error("a set", &other)),
    }
}

/// A string value as it is (no coercion), context included.
pub fn expect_string(v: &Value) -> Result<NixString, Error> {
    match v.shallow() {
        Value::String(s) => Ok(s),
        other => Err(type_error("a string", &other)),
    }
}

/// A function, or a set with `__functor`: Nix's builtins take either as a callback.
pub fn expect_function(v: &Value) -> Result<Value, Error> {
    let v = v.shallow();
    let functor = matches!(&v, Value::Attrs(a) if a.contains(crate::symbol::well_known::functor()));
    if v.is_function() || functor {
        Ok(v)
    } else {
        Err(type_error("a function", &v))
    }
}
