//! Deep forcing (`deepSeq`, `--strict`): everything reachable is forced, depth-first, with
//! an explicit stack. Sets and lists already visited are skipped, so cyclic values finish.
//!
//! The stack holds the containers being walked and where in each the walk is, so that an
//! error can say where it happened as Nix does: "while evaluating the attribute 'b'",
//! "while evaluating list element at index 1", outermost last. Lazy applications are
//! forced from where Nix forces them: the position of their function.

use rustc_hash::FxHashSet;

use nixvm_value::fmt::print_identifier;
use nixvm_value::{Error, GenCo, NixAttrs, NixList, Symbol, Value};

/// A container being walked, and one past the index of the child being walked.
enum Level {
    Attrs(NixAttrs, Vec<Symbol>, usize),
    List(NixList, usize),
}

pub async fn deep_force(co: GenCo, v: Value) -> Result<Value, Error> {
    let root = co.force(v).await;
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    let mut stack: Vec<Level> = Vec::new();
    push_level(&root, &mut seen, &mut stack);
    while let Some(top) = stack.last_mut() {
        // Each level's index ends up one past the child being walked.
        let child = match top {
            Level::Attrs(a, order, i) => {
                *i += 1;
                order.get(*i - 1).and_then(|&k| a.get(k)).cloned()
            }
            Level::List(l, i) => {
                *i += 1;
                l.get(*i - 1).cloned()
            }
        };
        let Some(child) = child else {
            stack.pop();
            continue;
        };
        // Most children are values already: only a thunk still to run needs the VM.
        let ready = match &child {
            Value::Thunk(t) => t.value(),
            v => Some(v.clone()),
        };
        let forced = match ready {
            Some(v) => Ok(v),
            None => match apply_site(&child) {
                Some(site) => co.force_or_error_at(child, site).await,
                None => co.force_or_error(child).await,
            },
        };
        let v = match forced {
            Ok(v) => v,
            Err(e) => return Err(with_path(&co, e, &stack).await),
        };
        push_level(&v, &mut seen, &mut stack);
    }
    Ok(root)
}

/// Where Nix calls a lazy application (`genList`'s elements, `mapAttrs`'s values) from when
/// it forces one deeply: the position of its function if that is an evaluated lambda, or no
/// place (Nix's `Value::determinePos`). `None` if `v` is not such an application.
fn apply_site(v: &Value) -> Option<Option<codemap::Span>> {
    let Value::Thunk(t) = v else { return None };
    let mut f = t.pending_func()?;
    Some(loop {
        f = match f {
            Value::Thunk(t) => match t.pending_func().or_else(|| t.value()) {
                Some(g) => g,
                None => break None,
            },
            Value::Closure(c) => break Some(c.lambda.span),
            _ => break None,
        }
    })
}

/// Starts walking `v` if it is a container not seen yet.
fn push_level(v: &Value, seen: &mut FxHashSet<usize>, stack: &mut Vec<Level>) {
    match v {
        Value::Attrs(a) if seen.insert(a.identity()) => {
            // Children in name order, as they are printed.
            stack.push(Level::Attrs(a.clone(), a.sorted_names(), 0));
        }
        Value::List(l) if seen.insert(l.identity()) => stack.push(Level::List(l.clone(), 0)),
        _ => {}
    }
}

/// Adds the path to the failing value to `e`, innermost first.
async fn with_path(co: &GenCo, e: Error, stack: &[Level]) -> Error {
    // (position, message) of each step, innermost first.
    let steps: Vec<(Option<codemap::Pos>, String)> = stack
        .iter()
        .rev()
        .map(|level| match level {
            Level::Attrs(a, order, i) => {
                let attr = a.get_attr(order[*i - 1]).expect("a name of the set");
                (
                    attr.pos,
                    format!(
                        "while evaluating the attribute '{}'",
                        print_identifier(attr.name.as_bytes())
                    ),
                )
            }
            Level::List(_, i) => (
                None,
                format!("while evaluating list element at index {}", i - 1),
            ),
        })
        .collect();
    co.host(move |host| {
        let mut e = e;
        for (pos, message) in steps {
            e.add_trace(pos.and_then(|p| host.span_at(p)), message);
        }
        e
    })
    .await
}
