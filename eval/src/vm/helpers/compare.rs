//! `<`: ordering of numbers, strings, paths, and lists (lexicographically).

use nixvm_value::compare::scalar_less;
use nixvm_value::{Error, GenCo, Value};

/// Decides `a < b` for forced scalars; `None` for lists (or thunks).
#[inline]
pub fn shallow_less(a: &Value, b: &Value) -> Result<Option<bool>, Error> {
    scalar_less(a, b).transpose()
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
