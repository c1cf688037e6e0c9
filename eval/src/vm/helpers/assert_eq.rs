//! Why `assert a == b` failed: Nix walks both values again, in the order `==` does, and
//! reports the first difference ("string '"x"' is not equal to string '"y"'") with the path
//! that leads to it ("while comparing attribute 'a'", "where left hand side is", …).
//!
//! This runs only after `==` said false, so it always finds a difference (or an error).

use std::rc::Rc;

use codemap::{Pos, Span};

use nixvm_value::fmt::print_identifier;
use nixvm_value::print::{PrintOptions, print_value};
use nixvm_value::symbol::well_known;
use nixvm_value::{Error, ErrorKind, GenCo, Value};

/// One step of the path to a difference, innermost first once collected.
enum Step {
    /// "while comparing list element N", at the `==`.
    Element(usize),
    /// "while comparing a derivation by its 'outPath' attribute", at the `==`.
    OutPath,
    /// The attribute `name`, defined at `left` and `right`.
    Attr {
        name: String,
        left: Option<Pos>,
        right: Option<Pos>,
    },
}

/// A path from the compared values down to a pair, as a linked list (innermost first).
struct Path {
    step: Step,
    parent: Option<Rc<Path>>,
}

fn show(v: &Value) -> String {
    print_value(v, &PrintOptions::ERROR)
}

/// The error for a failed `assert a == b`: `eq` is the position of the `==`, `assert` that
/// of the assertion, `text` how the condition is shown.
pub async fn assert_eq_failure(
    co: GenCo,
    a: Value,
    b: Value,
    eq: Span,
    assert: Span,
    text: String,
) -> Result<Value, Error> {
    let mut work: Vec<(Value, Value, Option<Rc<Path>>)> = vec![(a, b, None)];
    while let Some((a, b, path)) = work.pop() {
        // Like `==`, a list element or attribute is equal to itself, once forced.
        let x = co.force(a.clone()).await;
        let y = co.force(b.clone()).await;
        if path.is_some() && super::eq::same_cell(&a, &b) {
            continue;
        }
        if let Some(message) = difference(&co, &x, &y, &path, &mut work).await {
            let err = Error::new(ErrorKind::AssertionFailed(message));
            return Err(with_path(&co, err, path, eq, assert, text).await);
        }
    }
    // `==` found a difference that this walk did not: report the assertion plainly.
    Err(Error::at(
        ErrorKind::AssertionFailed(format!("assertion '{text}' failed")),
        assert,
    ))
}

/// The message if `x` and `y` (forced) differ at the top; otherwise queues their children.
async fn difference(
    co: &GenCo,
    x: &Value,
    y: &Value,
    path: &Option<Rc<Path>>,
    work: &mut Vec<(Value, Value, Option<Rc<Path>>)>,
) -> Option<String> {
    let (tx, ty) = (x.value_type(), y.value_type());
    let numeric = |v: &Value| matches!(v, Value::Int(_) | Value::Float(_));
    if numeric(x) && numeric(y) {
        if super::shallow_eq(x, y) == Some(true) {
            return None;
        }
        return Some(format!(
            "{} with value '{}' is not equal to {} with value '{}'",
            tx.with_article(),
            show(x),
            ty.with_article(),
            show(y)
        ));
    }
    if tx != ty {
        return Some(format!(
            "{} of value '{}' is not equal to {} of value '{}'",
            tx.with_article(),
            show(x),
            ty.with_article(),
            show(y)
        ));
    }
    let child = |step: Step| {
        Some(Rc::new(Path {
            step,
            parent: path.clone(),
        }))
    };
    match (x, y) {
        (Value::Bool(p), Value::Bool(q)) if p != q => Some(format!(
            "boolean '{}' is not equal to boolean '{}'",
            show(x),
            show(y)
        )),
        (Value::String(p), Value::String(q)) if p.as_bytes() != q.as_bytes() => Some(format!(
            "string '{}' is not equal to string '{}'",
            show(x),
            show(y)
        )),
        (Value::Path(p), Value::Path(q)) if p != q => Some(format!(
            "path '{}' is not equal to path '{}'",
            show(x),
            show(y)
        )),
        (Value::List(p), Value::List(q)) => {
            if p.len() != q.len() {
                return Some(format!(
                    "list of size '{}' is not equal to list of size '{}', left hand side is '{}', right hand side is '{}'",
                    p.len(),
                    q.len(),
                    show(x),
                    show(y)
                ));
            }
            for (i, (a, b)) in p.iter().zip(q.iter()).enumerate().rev() {
                work.push((a.clone(), b.clone(), child(Step::Element(i))));
            }
            None
        }
        (Value::Attrs(p), Value::Attrs(q)) => {
            let out = well_known::out_path();
            if super::eq::is_derivation(co, p).await
                && super::eq::is_derivation(co, q).await
                && let (Some(i), Some(j)) = (p.get(out), q.get(out))
            {
                work.push((i.clone(), j.clone(), child(Step::OutPath)));
                return None;
            }
            if p.len() != q.len() {
                return Some(format!(
                    "attribute names of attribute set '{}' differs from attribute set '{}'",
                    show(x),
                    show(y)
                ));
            }
            // Both sets are in the same (symbol) order, the order `==` walks them in.
            let queued = work.len();
            for (i, j) in p.iter().zip(q.iter()) {
                if i.name != j.name {
                    if !q.contains(i.name) {
                        return Some(format!(
                            "attribute name '{}' is contained in '{}', but not in '{}'",
                            print_identifier(i.name.as_bytes()),
                            show(x),
                            show(y)
                        ));
                    }
                    return Some(format!(
                        "attribute name '{}' is missing in '{}', but is contained in '{}'",
                        print_identifier(j.name.as_bytes()),
                        show(x),
                        show(y)
                    ));
                }
                let step = Step::Attr {
                    name: i.name.to_string(),
                    left: i.pos,
                    right: j.pos,
                };
                work.push((i.value.clone(), j.value.clone(), child(step)));
            }
            work[queued..].reverse();
            None
        }
        (v, _) if v.is_function() => Some(
            "distinct functions and immediate comparisons of identical functions compare as unequal"
                .to_string(),
        ),
        _ => None,
    }
}

/// Adds the path to the difference, then the assertion, to `err`.
async fn with_path(
    co: &GenCo,
    err: Error,
    mut path: Option<Rc<Path>>,
    eq: Span,
    assert: Span,
    text: String,
) -> Error {
    // (position, span, message), innermost first; positions become spans through the host.
    let mut frames: Vec<(Option<Pos>, Option<Span>, String)> = Vec::new();
    while let Some(p) = path {
        match &p.step {
            Step::Element(i) => {
                frames.push((None, Some(eq), format!("while comparing list element {i}")))
            }
            Step::OutPath => frames.push((
                None,
                Some(eq),
                "while comparing a derivation by its 'outPath' attribute".into(),
            )),
            Step::Attr { name, left, right } => {
                if right.is_some() {
                    frames.push((*right, None, "where right hand side is".into()));
                }
                if left.is_some() {
                    frames.push((*left, None, "where left hand side is".into()));
                }
                frames.push((
                    None,
                    Some(eq),
                    format!(
                        "while comparing attribute '{}'",
                        print_identifier(name.as_bytes())
                    ),
                ));
            }
        }
        path = p.parent.clone();
    }
    frames.push((
        None,
        Some(assert),
        format!("while evaluating the condition of the assertion '{text}'"),
    ));
    co.host(move |host| {
        let mut e = err;
        for (pos, span, message) in frames {
            e.add_trace(span.or_else(|| pos.and_then(|p| host.span_at(p))), message);
        }
        e
    })
    .await
}
