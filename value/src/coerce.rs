//! The rules of coercion to a string that need no evaluation, shared by the VM's coercion
//! (interpolation, `+`, the general case) and the builtins' immediate one.

use crate::attrs::NixAttrs;
use crate::error::{Error, ErrorKind};
use crate::print::{PrintOptions, print_value};
use crate::string::NixString;
use crate::symbol::well_known;
use crate::value::Value;

/// "cannot coerce a set to a string: { }"
pub fn cannot_coerce(v: &Value) -> Error {
    Error::new(ErrorKind::CannotCoerce {
        found: v.value_type(),
        value: print_value(v, &PrintOptions::ERROR),
    })
}

/// A float as C's `%f` prints it (`std::to_string`), which is what `toString` gives.
pub fn float_to_string(f: f64) -> String {
    if f.is_nan() {
        if f.is_sign_negative() { "-nan" } else { "nan" }.to_string()
    } else if f.is_infinite() {
        if f < 0.0 { "-inf" } else { "inf" }.to_string()
    } else {
        format!("{f:.6}")
    }
}

/// What a set coerces to when that needs no evaluation: the string its `outPath` holds
/// already, if it has no `__toString` (a derivation whose path was asked for before).
/// Coercion of a string is the string, whatever the coercion's kind, and its errors come
/// only from evaluating: this is what Nix's `coerceToString` gives.
pub fn ready_out_path(a: &NixAttrs) -> Option<NixString> {
    if a.contains(well_known::to_string()) {
        return None;
    }
    match a.get(well_known::out_path())? {
        Value::String(s) => Some(s.clone()),
        Value::Thunk(t) => match t.value()? {
            Value::String(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_cs_to_string() {
        assert_eq!(float_to_string(1.5), "1.500000");
        assert_eq!(float_to_string(f64::NAN), "nan");
        assert_eq!(float_to_string(-f64::NAN), "-nan");
        assert_eq!(float_to_string(f64::NEG_INFINITY), "-inf");
        assert_eq!(float_to_string(1e20), "100000000000000000000.000000");
    }
}
