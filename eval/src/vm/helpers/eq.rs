//! `==`: deep equality with Nix's rules.
//!
//! Integers and floats compare numerically; strings by bytes (context ignored); two
//! derivations by their `outPath` only; functions are never equal, except that a list element
//! or attribute value is equal to itself: Nix forces both, then takes one cell as equal to
//! itself without looking (two operands of `==` are never one cell). The comparison
//! walks both values depth-first with an explicit stack and stops at the first difference, so
//! `[1 (throw "x")] == [2 (throw "y")]` is false without forcing the throws.

use nixvm_value::compare::shallow_eq;
use nixvm_value::symbol::well_known;
use nixvm_value::{Error, GenCo, Value};

/// Whether two values are the same cell, which Nix treats as equal (once forced) without
/// looking further.
pub(super) fn same_cell(a: &Value, b: &Value) -> bool {
    match (a.cell(), b.cell()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

pub(super) async fn is_derivation(co: &GenCo, attrs: &nixvm_value::NixAttrs) -> bool {
    match attrs.get(well_known::type_()) {
        Some(t) => match co.force(t.clone()).await {
            Value::String(s) => s.as_bytes() == b"derivation",
            _ => false,
        },
        None => false,
    }
}

/// Whether a pair of elements (or attribute values) is equal without a turn of its own:
/// plain equal values, or one cell already evaluated, which Nix would force again (doing
/// nothing) and then take as equal to itself.
fn settled(p: &Value, q: &Value) -> bool {
    shallow_eq(p, q) == Some(true) || (p.is_whnf() && same_cell(p, q))
}

/// `a == b`. With `top`, `a` and `b` are operands of `==` themselves, which Nix never
/// treats as the same cell.
pub async fn equal(co: &GenCo, a: Value, b: Value, top: bool) -> Result<bool, Error> {
    let mut work = vec![(a, b, !top)];
    while let Some((a, b, nested)) = work.pop() {
        // Nix forces both sides before it looks at whether they are one cell, so a cell
        // that fails to evaluate fails the comparison even when compared with itself.
        let one_cell = nested && same_cell(&a, &b);
        let a = co.force(a).await;
        let b = co.force(b).await;
        if one_cell {
            continue;
        }
        if let Some(r) = shallow_eq(&a, &b) {
            if !r {
                return Ok(false);
            }
            continue;
        }
        match (&a, &b) {
            (Value::List(x), Value::List(y)) => {
                // Settled pairs are passed over here rather than queued; any other pair
                // is queued, so the comparison still goes in order.
                for (p, q) in x.iter().zip(y.iter()).rev() {
                    if !settled(p, q) {
                        work.push((p.clone(), q.clone(), true));
                    }
                }
            }
            (Value::Attrs(x), Value::Attrs(y)) => {
                if is_derivation(co, x).await && is_derivation(co, y).await {
                    let out = well_known::out_path();
                    if let (Some(p), Some(q)) = (x.get(out), y.get(out)) {
                        work.push((p.clone(), q.clone(), true));
                        continue;
                    }
                }
                if x.len() != y.len() {
                    return Ok(false);
                }
                // In the sets' own order, names by first interning, as Nix's sets are
                // kept: it decides which of two failing attributes is met first. As for
                // lists, settled pairs need no turn of their own.
                let queued = work.len();
                if x.ptr_eq(y) {
                    // One set (`hostPlatform == buildPlatform`): each attribute is one cell,
                    // equal to itself once forced, whatever it holds (a NaN too).
                    for p in x.iter().filter(|p| !p.value.is_whnf()) {
                        work.push((p.value.clone(), p.value.clone(), true));
                    }
                } else {
                    for (p, q) in x.iter().zip(y.iter()) {
                        if p.name != q.name {
                            return Ok(false);
                        }
                        if !settled(&p.value, &q.value) {
                            work.push((p.value.clone(), q.value.clone(), true));
                        }
                    }
                }
                work[queued..].reverse();
            }
            _ => return Ok(false),
        }
    }
    Ok(true)
}
