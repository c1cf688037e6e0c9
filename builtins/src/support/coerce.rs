//! Coercing builtin arguments to strings as Nix's `coerceToString` does, with a path that
//! needs no evaluation for the common cases (a string, a number for `toString`).
//!
//! Coercion can call back into the VM (`__toString`, `outPath`, copying a path to the
//! store, lists for `toString`), which a plain function cannot do. Such a builtin tries
//! [`coerce_now`] first and, when that needs the VM, hands the call to its slow path
//! (`Plan::Slow`), a generator that uses [`coerce`].

use nixvm_value::coerce::{cannot_coerce, float_to_string, ready_out_path};
use nixvm_value::symbol::well_known;
use nixvm_value::{Coercion, Error, GenCo, NixList, NixString, StringBuilder, Value};

/// Coerces `v` if that needs no evaluation: `Ok(None)` means the VM must do it (or `v` is
/// not evaluated yet). A value that cannot be coerced at all is an error here already.
pub fn coerce_now(v: &Value, how: Coercion) -> Result<Option<NixString>, Error> {
    // Looked at where it lies, in its thunk if it has one: most values are strings, which
    // then cost one reference count.
    match v {
        Value::Thunk(t) => t.with_value(|v| value_now(v, how)).unwrap_or(Ok(None)),
        v => value_now(v, how),
    }
}

/// [`coerce_now`] of a value in weak head normal form.
fn value_now(v: &Value, how: Coercion) -> Result<Option<NixString>, Error> {
    match v {
        Value::String(s) => Ok(Some(s.clone())),
        Value::List(l) if how.more => Ok(list_now(l, how)),
        v => scalar_now(v, how),
    }
}

/// `toString` of a list whose elements, nested lists flattened, all coerce without help
/// (the strings of flags and inputs a derivation's environment gets): `None` if one does
/// not, and then the slow path does it all, with its errors.
fn list_now(l: &NixList, how: Coercion) -> Option<NixString> {
    // Most often an element not evaluated yet is what stops it: look before building.
    if !l.iter().all(Value::is_whnf) {
        return None;
    }
    let mut out = StringBuilder::new();
    let mut work = Vec::new();
    push_elements(&mut work, l, 0);
    while let Some(item) = work.pop() {
        let Item::Element { v, space, .. } = item else {
            out.push_bytes(b" ").ok()?;
            continue;
        };
        let v = v.evaluated()?;
        // As in `coerce_list`: the space goes after everything the element expands to.
        if space && !matches!(&v, Value::List(inner) if inner.is_empty()) {
            work.push(Item::Space);
        }
        match &v {
            Value::List(inner) => push_elements(&mut work, inner, 0),
            v => out.push(&scalar_now(v, how).ok()??).ok()?,
        }
    }
    Some(out.finish())
}

/// [`coerce_now`] of anything but a list to `toString`, evaluated.
fn scalar_now(v: &Value, how: Coercion) -> Result<Option<NixString>, Error> {
    let text = match v {
        Value::String(s) => return Ok(Some(s.clone())),
        Value::Thunk(_) => return Ok(None),
        Value::Path(p) if !how.copy_to_store => p.as_os_str().as_encoded_bytes().to_vec(),
        Value::Path(_) => return Ok(None),
        Value::Attrs(a) => {
            if let Some(s) = ready_out_path(a).filter(|_| how.path.is_none()) {
                return Ok(Some(s));
            }
            if a.contains(well_known::to_string()) || a.contains(well_known::out_path()) {
                return Ok(None);
            }
            return Err(cannot_coerce(v));
        }
        Value::Int(i) if how.more => i.to_string().into_bytes(),
        Value::Float(f) if how.more => float_to_string(*f).into_bytes(),
        Value::Bool(true) if how.more => b"1".to_vec(),
        Value::Bool(false) | Value::Null if how.more => Vec::new(),
        Value::List(_) if how.more => return Ok(None),
        _ => return Err(cannot_coerce(v)),
    };
    Ok(Some(NixString::from_vec(text)))
}

/// Coerces `v`, with the VM's help where needed. `context` is the line Nix adds when `v`
/// cannot be coerced ("while evaluating the first argument passed to …").
pub async fn coerce(
    co: &GenCo,
    v: Value,
    how: Coercion,
    context: &str,
) -> Result<NixString, Error> {
    let v = co.force(v).await;
    match coerce_now(&v, how) {
        Ok(Some(s)) => Ok(s),
        Err(e) => Err(e.with_trace(None, context)),
        Ok(None) => match v {
            Value::List(l) if how.more => coerce_list(co, &l, how, context).await,
            v => Ok(co.coerce(v, how).await),
        },
    }
}

const ELEMENT_CTX: &str = "while evaluating one element of the list";

enum Item {
    /// A list element at nesting `depth`; `space` if a space follows it.
    Element {
        v: Value,
        space: bool,
        depth: usize,
    },
    Space,
}

fn push_elements(work: &mut Vec<Item>, l: &NixList, depth: usize) {
    let n = l.len();
    for (i, v) in l.iter().enumerate().rev() {
        work.push(Item::Element {
            v: v.clone(),
            space: i + 1 < n,
            depth,
        });
    }
}

/// `toString` of a list: the elements joined by spaces, nested lists flattened. An element
/// that cannot be coerced gets one "while evaluating one element of the list" line per
/// enclosing list, as Nix's recursion adds them.
async fn coerce_list(
    co: &GenCo,
    l: &NixList,
    how: Coercion,
    context: &str,
) -> Result<NixString, Error> {
    let mut out = StringBuilder::new();
    let mut work = Vec::new();
    push_elements(&mut work, l, 1);
    while let Some(item) = work.pop() {
        let Item::Element { v, space, depth } = item else {
            out.push_bytes(b" ")?;
            continue;
        };
        // What goes wrong evaluating an element (rather than coercing it) gets the lines of
        // the lists around it only, as Nix's `coerceToString` adds them as it unwinds.
        let enclosing = |mut e: Error| {
            for _ in 1..depth {
                e = e.with_trace(None, ELEMENT_CTX);
            }
            e.with_trace(None, context)
        };
        let v = co.force_catching_from_nowhere(v).await.map_err(enclosing)?;
        // The space goes after everything the element expands to; none after an empty list.
        if space && !matches!(&v, Value::List(inner) if inner.is_empty()) {
            work.push(Item::Space);
        }
        match coerce_now(&v, how) {
            Ok(Some(s)) => out.push(&s)?,
            Ok(None) => match v {
                Value::List(inner) => push_elements(&mut work, &inner, depth + 1),
                v => out.push(&co.coerce_catching(v, how).await.map_err(enclosing)?)?,
            },
            Err(mut e) => {
                for _ in 0..depth {
                    e = e.with_trace(None, ELEMENT_CTX);
                }
                return Err(e.with_trace(None, context));
            }
        }
    }
    Ok(out.finish())
}
