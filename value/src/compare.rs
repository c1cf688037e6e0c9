//! Nix's `<` and `==` on values that need no evaluation to compare: numbers (integers and
//! floats compare numerically), strings (by bytes; context does not matter), paths,
//! Booleans and null, and the cases of containers that their size decides.
//!
//! The VM's operators and the builtins (`lessThan`, `sort lessThan`, `elem`,
//! `genericClosure`) decide these here, without a round trip through the VM; anything that
//! needs evaluation (list elements, set values, thunks) is left to the VM's deep `==` and
//! `<` (`None`).

use crate::error::Error;
use crate::print::{PrintOptions, print_value};
use crate::value::Value;

/// The error `<` raises for values it cannot order, in Nix's words.
pub fn incomparable(a: &Value, b: &Value) -> Error {
    let (ta, tb) = (a.value_type(), b.value_type());
    let (pa, pb) = (
        print_value(a, &PrintOptions::ERROR),
        print_value(b, &PrintOptions::ERROR),
    );
    if ta == tb {
        Error::eval(format!(
            "cannot compare {} with {}; values of that type are incomparable (values are {pa} and {pb})",
            ta.with_article(),
            tb.with_article()
        ))
    } else {
        Error::eval(format!(
            "cannot compare {} with {}; values are {pa} and {pb}",
            ta.with_article(),
            tb.with_article()
        ))
    }
}

/// `a < b` for evaluated values; `None` if the VM must decide (two lists, or a thunk).
pub fn scalar_less(a: &Value, b: &Value) -> Option<Result<bool, Error>> {
    Some(Ok(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Int(x), Value::Float(y)) => (*x as f64) < *y,
        (Value::Float(x), Value::Int(y)) => *x < (*y as f64),
        (Value::String(x), Value::String(y)) => x.as_bytes() < y.as_bytes(),
        (Value::Path(x), Value::Path(y)) => x.as_os_str() < y.as_os_str(),
        (Value::Thunk(_), _) | (_, Value::Thunk(_)) | (Value::List(_), Value::List(_)) => {
            return None;
        }
        _ => return Some(Err(incomparable(a, b))),
    }))
}

/// `a == b` when at least one side is a scalar (null, a Boolean, a number, a string or a
/// path) and both are evaluated; `None` otherwise (the VM compares containers and
/// functions, and knows when two are the same cell).
pub fn scalar_eq(a: &Value, b: &Value) -> Option<bool> {
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => (*x as f64) == *y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Null, Value::Null) => true,
        (Value::String(x), Value::String(y)) => x.as_bytes() == y.as_bytes(),
        (Value::Path(x), Value::Path(y)) => x == y,
        // Scalars of different types, or a scalar and a container, are unequal.
        _ if is_scalar(a) && (is_scalar(b) || is_container(b)) => false,
        _ if is_container(a) && is_scalar(b) => false,
        _ => return None,
    })
}

fn is_scalar(v: &Value) -> bool {
    matches!(
        v,
        Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::String(_)
            | Value::Path(_)
    )
}

fn is_container(v: &Value) -> bool {
    matches!(v, Value::List(_) | Value::Attrs(_))
}

/// `a == b` as far as it can be decided without forcing anything: scalars, lists of
/// different lengths, empty containers, and values of different types (functions are never
/// equal here). `None` when elements must be compared (or a side is a thunk).
pub fn shallow_eq(a: &Value, b: &Value) -> Option<bool> {
    if let Some(r) = scalar_eq(a, b) {
        return Some(r);
    }
    Some(match (a, b) {
        (Value::List(x), Value::List(y)) if x.len() != y.len() => false,
        (Value::List(x), Value::List(_)) if x.is_empty() => true,
        (Value::Attrs(x), Value::Attrs(y)) if x.is_empty() && y.is_empty() => true,
        (Value::Thunk(_), _) | (_, Value::Thunk(_)) => return None,
        (Value::List(_), Value::List(_)) | (Value::Attrs(_), Value::Attrs(_)) => return None,
        // Different types (functions included) are unequal.
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_across_types() {
        assert!(matches!(
            scalar_less(&Value::Int(1), &Value::Float(1.5)),
            Some(Ok(true))
        ));
        assert_eq!(scalar_eq(&Value::Int(2), &Value::Float(2.0)), Some(true));
        assert!(matches!(
            scalar_less(&Value::Float(f64::NAN), &Value::Int(1)),
            Some(Ok(false))
        ));
    }

    #[test]
    fn mismatched_types_are_errors() {
        let e = scalar_less(&Value::string("a"), &Value::Int(1))
            .unwrap()
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot compare a string with an integer; values are \"a\" and 1"
        );
        let e = scalar_less(&Value::Bool(true), &Value::Bool(false))
            .unwrap()
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("values of that type are incomparable")
        );
    }

    #[test]
    fn containers_are_left_to_the_vm() {
        let l = Value::List(crate::NixList::empty());
        assert!(scalar_less(&l, &l).is_none());
        assert_eq!(scalar_eq(&Value::Int(1), &l), Some(false));
    }
}
