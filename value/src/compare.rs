//! Nix's `<` and `==` on values that need no evaluation to compare: numbers (integers and
//! floats compare numerically), strings (by bytes; context does not matter), paths,
//! Booleans and null, and the cases of containers that their size decides.
//!
//! The VM's operators and the builtins (`lessThan`, `sort lessThan`, `elem`,
//! `genericClosure`) decide these here, without a round trip through the VM; anything that
//! needs evaluation (list elements, set values, thunks) is left to the VM's deep `==` and
//! `<` (`None`).
//!
//! Deep `==` itself is a walk over both values ([`EqWalk`]) that stops where something must
//! be forced: on values already evaluated (a set compared with a copy of itself, a list of
//! sets looked for with `elem`) it decides alone, and the VM drives the same walk through
//! the forcing otherwise, so both go in the same order and stop at the same difference.

use crate::error::Error;
use crate::print::{PrintOptions, print_value};
use crate::symbol::well_known;
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

/// Whether two values are the same cell, which Nix treats as equal (once forced) without
/// looking further.
pub fn same_cell(a: &Value, b: &Value) -> bool {
    match (a.cell(), b.cell()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Whether a pair of elements (or attribute values) is equal without a turn of its own:
/// plain equal values, or one cell already evaluated, which Nix would force again (doing
/// nothing) and then take as equal to itself.
fn settled(p: &Value, q: &Value) -> bool {
    shallow_eq(p, q) == Some(true) || (p.is_whnf() && same_cell(p, q))
}

/// One pair of values `==` still has to compare.
pub struct Pair {
    pub a: Value,
    pub b: Value,
    /// The two are one cell: equal once both are forced, whatever they hold (a NaN too).
    one_cell: bool,
    /// Whether each side is a derivation, once the `type` attribute was forced for it.
    derivation: [Option<bool>; 2],
}

impl Pair {
    fn new(a: Value, b: Value, one_cell: bool) -> Pair {
        Pair {
            a,
            b,
            one_cell,
            derivation: [None; 2],
        }
    }

    /// Elements or attribute values, which Nix takes as equal when they are one cell.
    fn nested(a: Value, b: Value) -> Pair {
        let one_cell = same_cell(&a, &b);
        Pair::new(a, b, one_cell)
    }
}

/// What [`EqWalk::run`] needs forced before it can go on.
pub enum Need {
    /// Both sides of the pair, the left first; then [`EqWalk::forced`].
    Force(Pair),
    /// The `type` attribute (the value given) of side 0 or 1 of the pair, a set, to tell
    /// whether it is a derivation; then [`EqWalk::typed`].
    Type(Pair, usize, Value),
}

/// Nix's deep `==` as a walk with an explicit work list, depth-first in Nix's order, so
/// that deep structures never deepen the Rust stack and the comparison stops at the first
/// difference: `[1 (throw "x")] == [2 (throw "y")]` is false without forcing the throws.
///
/// Integers and floats compare numerically; strings by bytes (context ignored); two
/// derivations by their `outPath` only; functions are never equal, except that a list
/// element or attribute value is equal to itself: Nix forces both, then takes one cell as
/// equal to itself without looking (two operands of `==` are never one cell). Sets compare
/// in their own order (names by first interning, as Nix keeps them), which decides which of
/// two failing attributes is met first.
pub struct EqWalk {
    work: Vec<Pair>,
}

impl EqWalk {
    /// `a == b`; with `top`, `a` and `b` are the operands of `==` themselves.
    pub fn new(a: Value, b: Value, top: bool) -> EqWalk {
        let one_cell = !top && same_cell(&a, &b);
        EqWalk {
            work: vec![Pair::new(a, b, one_cell)],
        }
    }

    /// Compares until the values are found equal or unequal, or something must be forced
    /// first (the walk stops there, and goes on once it is given the forced value).
    pub fn run(&mut self) -> Result<bool, Need> {
        while let Some(p) = self.work.pop() {
            // Nix forces both sides before it looks at whether they are one cell, so a cell
            // that fails to evaluate fails the comparison even when compared with itself.
            if !p.a.is_whnf() || !p.b.is_whnf() {
                return Err(Need::Force(p));
            }
            if p.one_cell {
                continue;
            }
            let (a, b) = (p.a.shallow(), p.b.shallow());
            if let Some(r) = shallow_eq(&a, &b) {
                if !r {
                    return Ok(false);
                }
                continue;
            }
            match (a, b) {
                (Value::List(x), Value::List(y)) => {
                    // Settled pairs are passed over here rather than queued; any other
                    // pair is queued, so the comparison still goes in order.
                    for (q, r) in x.iter().zip(y.iter()).rev() {
                        if !settled(q, r) {
                            self.work.push(Pair::nested(q.clone(), r.clone()));
                        }
                    }
                }
                (Value::Attrs(x), Value::Attrs(y)) => {
                    let dx = match p.derivation[0] {
                        Some(d) => d,
                        None => match derivation_now(&x) {
                            Ok(d) => d,
                            Err(t) => return Err(Need::Type(p, 0, t)),
                        },
                    };
                    // As Nix's `&&`: the right side's type is looked at only if the left
                    // is a derivation.
                    let dy = dx
                        && match p.derivation[1] {
                            Some(d) => d,
                            None => match derivation_now(&y) {
                                Ok(d) => d,
                                Err(t) => return Err(Need::Type(p, 1, t)),
                            },
                        };
                    if dx && dy {
                        let out = well_known::out_path();
                        if let (Some(q), Some(r)) = (x.get(out), y.get(out)) {
                            self.work.push(Pair::nested(q.clone(), r.clone()));
                            continue;
                        }
                    }
                    if x.len() != y.len() {
                        return Ok(false);
                    }
                    // As for lists, settled pairs need no turn of their own.
                    let queued = self.work.len();
                    if x.ptr_eq(&y) {
                        // One set (`hostPlatform == buildPlatform`): each attribute is one
                        // cell, equal to itself once forced, whatever it holds.
                        for q in x.iter().filter(|q| !q.value.is_whnf()) {
                            self.work
                                .push(Pair::new(q.value.clone(), q.value.clone(), true));
                        }
                    } else {
                        for (q, r) in x.iter().zip(y.iter()) {
                            if q.name != r.name {
                                return Ok(false);
                            }
                            if !settled(&q.value, &r.value) {
                                self.work
                                    .push(Pair::nested(q.value.clone(), r.value.clone()));
                            }
                        }
                    }
                    self.work[queued..].reverse();
                }
                _ => return Ok(false),
            }
        }
        Ok(true)
    }

    /// Goes on with the pair of [`Need::Force`], its sides now forced.
    pub fn forced(&mut self, mut p: Pair, a: Value, b: Value) {
        p.a = a;
        p.b = b;
        self.work.push(p);
    }

    /// Goes on with the pair of [`Need::Type`], given the forced `type` of that side.
    pub fn typed(&mut self, mut p: Pair, side: usize, t: &Value) {
        p.derivation[side] = Some(is_derivation_type(t));
        self.work.push(p);
    }

    /// Puts back what [`EqWalk::run`] stopped at, to be asked for again.
    fn put_back(&mut self, need: Need) {
        match need {
            Need::Force(p) | Need::Type(p, _, _) => self.work.push(p),
        }
    }
}

/// Whether `t`, the forced `type` attribute of a set, makes it a derivation.
pub fn is_derivation_type(t: &Value) -> bool {
    matches!(t, Value::String(s) if s.as_bytes() == b"derivation")
}

/// Whether the set is a derivation, or its `type` attribute if that must be forced to tell.
fn derivation_now(x: &crate::NixAttrs) -> Result<bool, Value> {
    match x.get(well_known::type_()) {
        None => Ok(false),
        Some(t) => match t.evaluated() {
            Some(t) => Ok(is_derivation_type(&t)),
            None => Err(t.clone()),
        },
    }
}

/// `a == b` when deciding it needs nothing forced (with `top`, `a` and `b` are the operands
/// of `==` themselves); otherwise the walk, stopped where something must be forced, for the
/// VM to finish.
#[inline]
pub fn equal_now(a: &Value, b: &Value, top: bool) -> Result<bool, EqWalk> {
    if let Some(r) = plain_equal_now(a, b) {
        return Ok(r);
    }
    if !top && a.is_whnf() && same_cell(a, b) {
        return Ok(true);
    }
    if let Some(r) = shallow_eq(a, b) {
        return Ok(r);
    }
    equal_walk(a, b, top)
}

/// `a == b` when `a` (or what its thunk holds) is a scalar equal to any copy of itself and
/// `b` is evaluated: their values decide, and which cells hold them does not matter. The
/// first look of [`equal_now`], and of a caller comparing one value with many (`elem`).
#[inline]
pub fn plain_equal_now(a: &Value, b: &Value) -> Option<bool> {
    match a {
        a if self_equal_scalar(a) => peek(b, |y| scalar_eq(a, y)),
        Value::Thunk(t) => t
            .with_value(|x| {
                if self_equal_scalar(x) {
                    peek(b, |y| scalar_eq(x, y))
                } else {
                    None
                }
            })
            .flatten(),
        _ => None,
    }
}

/// `f` of the value `v` is or holds, if it is evaluated; `None` otherwise.
#[inline(always)]
fn peek<R>(v: &Value, f: impl FnOnce(&Value) -> Option<R>) -> Option<R> {
    match v {
        Value::Thunk(t) => t.with_value(f).flatten(),
        v => f(v),
    }
}

/// Whether `v` is a scalar that any copy of it equals: every scalar but a float.
#[inline(always)]
pub fn self_equal_scalar(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_) | Value::String(_) | Value::Bool(_) | Value::Null | Value::Path(_)
    )
}

fn equal_walk(a: &Value, b: &Value, top: bool) -> Result<bool, EqWalk> {
    if let Some(r) = shallow_eq(&a.shallow(), &b.shallow()) {
        return Ok(r);
    }
    let mut walk = EqWalk::new(a.clone(), b.clone(), top);
    match walk.run() {
        Ok(r) => Ok(r),
        Err(need) => {
            walk.put_back(need);
            Err(walk)
        }
    }
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
    fn evaluated_containers_are_compared_without_the_vm() {
        let list = |v: Vec<Value>| Value::List(crate::NixList::new(v));
        let a = list(vec![Value::Int(1), list(vec![Value::string("x")])]);
        let b = list(vec![Value::Float(1.0), list(vec![Value::string("x")])]);
        let c = list(vec![Value::Int(1), list(vec![Value::string("y")])]);
        assert!(matches!(equal_now(&a, &b, true), Ok(true)));
        assert!(matches!(equal_now(&a, &c, true), Ok(false)));
        // A thunk to force stops the walk before anything after it is decided.
        let t = Value::Thunk(crate::Thunk::blank());
        let d = list(vec![t.clone(), Value::Int(1)]);
        let e = list(vec![Value::Int(0), Value::Int(2)]);
        let Err(mut walk) = equal_now(&d, &e, true) else {
            panic!("the walk needs the thunk forced")
        };
        let Err(Need::Force(p)) = walk.run() else {
            panic!("the thunk comes first")
        };
        assert!(matches!(p.a, Value::Thunk(_)));
        walk.forced(p, Value::Int(0), Value::Int(0));
        assert!(matches!(walk.run(), Ok(false)));
    }

    #[test]
    fn containers_are_left_to_the_vm() {
        let l = Value::List(crate::NixList::empty());
        assert!(scalar_less(&l, &l).is_none());
        assert_eq!(scalar_eq(&Value::Int(1), &l), Some(false));
    }
}
