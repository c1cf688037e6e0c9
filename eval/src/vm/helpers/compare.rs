//! `<`: ordering of numbers, strings, paths, and lists (lexicographically).

use nixvm_value::print::{PrintOptions, print_value};
use nixvm_value::{Error, GenCo, Value};

fn incomparable(a: &Value, b: &Value) -> Error {
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

/// Decides `a < b` for forced scalars; `None` for lists (or thunks).
pub fn shallow_less(a: &Value, b: &Value) -> Result<Option<bool>, Error> {
    Ok(Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Int(x), Value::Float(y)) => (*x as f64) < *y,
        (Value::Float(x), Value::Int(y)) => *x < (*y as f64),
        (Value::String(x), Value::String(y)) => x.as_bytes() < y.as_bytes(),
        (Value::Path(x), Value::Path(y)) => x.as_os_str() < y.as_os_str(),
        (Value::List(_), Value::List(_)) | (Value::Thunk(_), _) | (_, Value::Thunk(_)) => {
            return Ok(None);
        }
        _ => return Err(incomparable(a, b)),
    }))
}

/// `a < b`. Lists compare element by element: the first unequal pair decides.
pub async fn less_than(co: &GenCo, a: Value, b: Value) -> Result<bool, Error> {
    let (mut a, mut b) = (a, b);
    let mut in_list = false;
    loop {
        a = co.force(a).await;
        b = co.force(b).await;
        // Elements of lists that cannot be compared are reported as such (Nix passes this
        // context line down as it compares the elements).
        let decided = shallow_less(&a, &b).map_err(|e| {
            if in_list {
                e.with_trace(None, "while comparing two list elements")
            } else {
                e
            }
        })?;
        if let Some(r) = decided {
            return Ok(r);
        }
        let (Value::List(x), Value::List(y)) = (&a, &b) else {
            unreachable!("shallow_less decides everything but two lists")
        };
        let mut differing = None;
        for (p, q) in x.iter().zip(y.iter()) {
            if !super::equal(co, p.clone(), q.clone(), false).await? {
                differing = Some((p.clone(), q.clone()));
                break;
            }
        }
        match differing {
            Some((p, q)) => {
                a = p;
                b = q;
                in_list = true;
            }
            None => return Ok(x.len() < y.len()),
        }
    }
}
