//! Turning values into strings: interpolation, `+` on strings and paths, `toString`.
//!
//! Sets coerce through `__toString` or `outPath`, paths are copied to the store (in
//! interpolation) or kept as text, and `toString` also takes numbers, Booleans, null and
//! lists. Nested lists and `__toString` chains are handled with a work list, not recursion.

use std::path::Path;
use std::rc::Rc;

use codemap::Span;

use nixvm_value::coerce::{cannot_coerce, float_to_string, ready_out_path};
use nixvm_value::expect::type_error;
use nixvm_value::memory::{self, Growth};
use nixvm_value::print::{PrintOptions, print_value};
use nixvm_value::symbol::well_known;
use nixvm_value::{
    Attr, Coercion, ContextElem, Error, ErrorKind, GenCo, NixString, StringBuilder, TraceFrame,
    Value,
};

/// What interpolating `v` (in weak head normal form) gives when that needs no evaluation: a
/// string, or a set (a derivation) whose `outPath` string is known already.
fn ready_string(v: &Value) -> Option<NixString> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Attrs(a) => ready_out_path(a),
        _ => None,
    }
}

/// Concatenates parts that are all strings or sets with a known `outPath` string (or, for a
/// path, a path then plain strings), without any help. `None` if some part needs coercion.
pub fn concat_plain_strings(parts: &[Value], to_path: bool) -> Result<Option<Value>, Error> {
    if to_path {
        let Some(Value::Path(first)) = parts.first() else {
            return Ok(None);
        };
        let mut s = first.as_os_str().as_encoded_bytes().to_vec();
        let mut growth = Growth::new();
        for p in &parts[1..] {
            match p {
                Value::String(x) if !x.has_context() => {
                    growth.add(x.len())?;
                    s.extend_from_slice(x.as_bytes());
                }
                _ => return Ok(None),
            }
        }
        return Ok(Some(make_path(s)?));
    }
    let mut total = 0usize;
    let mut context = false;
    // The strings of the parts that are sets, in order.
    let mut out_paths = Vec::new();
    for p in parts {
        let x = match p {
            Value::String(x) => x,
            p => match ready_string(p) {
                Some(x) => {
                    out_paths.push(x);
                    out_paths.last().expect("just pushed")
                }
                None => return Ok(None),
            },
        };
        total = total.saturating_add(x.len());
        context |= x.has_context();
    }
    memory::reserve(total)?;
    let mut out_paths = out_paths.iter();
    let strings = parts.iter().filter_map(|p| match p {
        Value::String(x) => Some(x),
        _ => out_paths.next(),
    });
    if !context {
        // The common case: only the bytes, written once.
        let bytes = strings.map(|x| x.as_bytes());
        return Ok(Some(Value::String(NixString::concat(total, bytes))));
    }
    let mut b = StringBuilder::with_capacity(total)?;
    for x in strings {
        b.push(x)?;
    }
    Ok(Some(Value::String(b.finish())))
}

fn make_path(bytes: Vec<u8>) -> Result<Value, Error> {
    use std::os::unix::ffi::OsStringExt;
    let p = std::path::PathBuf::from(std::ffi::OsString::from_vec(bytes));
    if !p.is_absolute() {
        return Err(Error::eval(format!(
            "string '{}' doesn't represent an absolute path",
            p.display()
        )));
    }
    Ok(Value::path(nixvm_value::path::canonical(&p)))
}

/// Interpolation (`"a${b}"`) or a path with interpolation (`./a/${b}`).
pub async fn interpolate(co: GenCo, parts: Vec<Value>, to_path: bool) -> Result<Value, Error> {
    if to_path {
        let mut iter = parts.into_iter();
        let first = iter.next().expect("a path part");
        let mut s = match first {
            Value::Path(p) => p.as_os_str().as_encoded_bytes().to_vec(),
            other => return Err(type_error("a path", &other)),
        };
        let mut growth = Growth::new();
        for p in iter {
            let part = coerce(&co, p, Coercion::PLAIN).await?;
            if part.has_context() {
                return Err(Error::eval(
                    "a string that refers to a store path cannot be appended to a path",
                ));
            }
            growth.add(part.len())?;
            s.extend_from_slice(part.as_bytes());
        }
        return make_path(s);
    }
    let mut b = StringBuilder::new();
    for p in parts {
        match ready_string(&p) {
            Some(s) => b.push(&s)?,
            None => b.push(&coerce(&co, p, Coercion::INTERPOLATION).await?)?,
        }
    }
    Ok(Value::String(b.finish()))
}

/// `a + b` when neither needs help: a string (or a set whose `outPath` string is known)
/// and another, or a path and a string without context. The operands are handed back for
/// [`add_strings`] otherwise, and where this would fail, so that the error is its own.
pub fn add_plain_strings(a: Value, b: Value) -> Result<Value, [Value; 2]> {
    let to_path = matches!(a, Value::Path(_));
    let parts = [a, b];
    match concat_plain_strings(&parts, to_path) {
        Ok(Some(v)) => Ok(v),
        _ => Err(parts),
    }
}

/// `a + b` when `a` is not a number: string or path concatenation. `span` runs from the
/// position of `a` to that of `b` (see `exec::right_operand`).
pub async fn add_strings(co: GenCo, a: Value, b: Value, span: Span) -> Result<Value, Error> {
    let len = span.high() - span.low();
    let (left, right) = (span.subspan(0, 0), span.subspan(len, len));
    match &a {
        Value::Int(_) => {
            return Err(Error::at(
                ErrorKind::Eval(format!(
                    "cannot add {} to an integer",
                    b.value_type().with_article()
                )),
                right,
            ));
        }
        Value::Float(_) => {
            return Err(Error::at(
                ErrorKind::Eval(format!(
                    "cannot add {} to a float",
                    b.value_type().with_article()
                )),
                right,
            ));
        }
        Value::Path(_) => {
            return interpolate(co, vec![a, b], true)
                .await
                .map_err(|e| e.with_trace(Some(right), PATH_SEGMENT));
        }
        _ => {}
    }
    // The first operand decides: a string copies paths to the store, anything else does not.
    let how = if matches!(a, Value::String(_)) {
        Coercion::INTERPOLATION
    } else {
        Coercion::PLAIN
    };
    let mut out = StringBuilder::new();
    for (v, at) in [(a, left), (b, right)] {
        let s = coerce(&co, v, how)
            .await
            .map_err(|e| e.with_trace(Some(at), PATH_SEGMENT))?;
        out.push(&s)?;
    }
    Ok(Value::String(out.finish()))
}

/// What Nix says about coercing an operand of `+` or an interpolated value.
pub const PATH_SEGMENT: &str = "while evaluating a path segment";

enum Item {
    /// A value to coerce; `sep` if a space follows it (list elements but the last).
    /// `peeled`: the `__toString` and `outPath` attributes it came through.
    Value {
        v: Value,
        sep: bool,
        peeled: Peeled,
    },
    Separator,
}

/// The context lines an error gets for each `__toString` or `outPath` attribute the value
/// being coerced came through, innermost first (Nix's `peelToStringOutPath`).
type Peeled = Option<Rc<Vec<TraceFrame>>>;

fn add_peeled(mut e: Error, peeled: &Peeled) -> Error {
    for f in peeled.iter().flat_map(|p| p.iter()) {
        e.add_trace(f.span, f.message.clone());
    }
    e
}

fn peel_more(peeled: &Peeled, span: Option<Span>, message: String) -> Peeled {
    let mut frames = vec![TraceFrame {
        span,
        message,
        always: false,
    }];
    frames.extend(peeled.iter().flat_map(|p| p.iter().cloned()));
    Some(Rc::new(frames))
}

/// Where an attribute was defined.
async fn attr_span(co: &GenCo, attr: Option<&Attr>) -> Option<Span> {
    let pos = attr.and_then(|a| a.pos)?;
    co.host(move |h| h.span_at(pos)).await
}

/// "using" for a value in weak head normal form, "evaluating" for one not yet evaluated
/// (Nix's `WhileTryingToUse`).
fn using_or_evaluating(v: &Value) -> &'static str {
    match v {
        Value::Thunk(t) if !t.is_evaluated() => "evaluating",
        _ => "using",
    }
}

/// [`cannot_coerce`], with the context line of a coercion to a path.
fn cannot_coerce_for(v: &Value, how: Coercion) -> Error {
    let e = cannot_coerce(v);
    match how.path {
        Some(context) => e.with_trace(None, context),
        None => e,
    }
}

/// Coerces `v` to a string as Nix's `coerceToString` does.
pub async fn coerce(co: &GenCo, v: Value, how: Coercion) -> Result<NixString, Error> {
    if how.path.is_none()
        && let Some(s) = v.evaluated().as_ref().and_then(ready_string)
    {
        return Ok(s);
    }
    let mut out = StringBuilder::new();
    let mut work = vec![Item::Value {
        v,
        sep: false,
        peeled: None,
    }];
    while let Some(item) = work.pop() {
        let (v, peeled) = match item {
            Item::Separator => {
                out.push_bytes(b" ")?;
                continue;
            }
            Item::Value { v, sep, peeled } => {
                let v = if peeled.is_some() {
                    co.force_catching(v.clone())
                        .await
                        .map_err(|e| add_peeled(e, &peeled))?
                } else {
                    co.force(v).await
                };
                // Nix puts a space after each list element but the last, except after an
                // empty list; the space comes after everything the element expands to.
                if sep && !matches!(&v, Value::List(l) if l.is_empty()) {
                    work.push(Item::Separator);
                }
                (v, peeled)
            }
        };
        match &v {
            Value::String(s) if how.path.is_some() && s.as_bytes().first() != Some(&b'/') => {
                let e = Error::eval(format!(
                    "string '{}' doesn't represent an absolute path",
                    s.to_str_lossy()
                ));
                return Err(add_peeled(
                    e.with_trace(None, how.path.unwrap_or_default()),
                    &peeled,
                ));
            }
            Value::String(s) => out.push(s)?,
            Value::Path(p) => {
                if how.copy_to_store {
                    let (path, ctx) = store_path_of(co, p).await?;
                    out.push_bytes(path.as_bytes())?;
                    out.add_context(ctx);
                } else {
                    out.push_bytes(p.as_os_str().as_encoded_bytes())?;
                }
            }
            Value::Attrs(a) => {
                if let Some(s) = ready_out_path(a).filter(|_| how.path.is_none()) {
                    // A derivation whose path is known: what the steps below would give.
                    out.push(&s)?;
                } else if let Some(attr) = a.get_attr(well_known::to_string()) {
                    let span = attr_span(co, Some(attr)).await;
                    let calling = |e: Error| {
                        let e = e.with_trace(span, "while calling the `__toString` attribute");
                        add_peeled(e, &peeled)
                    };
                    let f = co
                        .force_catching(attr.value.clone())
                        .await
                        .map_err(calling)?;
                    // A set with `__functor` is called as Nix calls it.
                    let callable = f.is_function()
                        || f.as_attrs()
                            .is_some_and(|s| s.get(well_known::functor()).is_some());
                    if !callable {
                        let e = Error::new(ErrorKind::NotAFunction {
                            found: f.value_type(),
                            value: print_value(&f, &PrintOptions::ERROR),
                        });
                        let e = match span {
                            Some(s) => e.with_span(s),
                            None => e,
                        };
                        return Err(calling(e));
                    }
                    // Nix calls `__toString` from where it is defined.
                    let r = match span {
                        Some(at) => co.call_at_catching(f, vec![v.clone()], at).await,
                        None => co.call_catching(f, vec![v.clone()]).await,
                    }
                    .map_err(calling)?;
                    let message = "while using the result of the `__toString` attribute";
                    work.push(Item::Value {
                        v: r,
                        sep: false,
                        peeled: peel_more(&peeled, span, message.into()),
                    });
                } else if let Some(attr) = a.get_attr(well_known::out_path()) {
                    let span = attr_span(co, Some(attr)).await;
                    let p = co.force_catching(attr.value.clone()).await.map_err(|e| {
                        let what = using_or_evaluating(&attr.value);
                        let e = e.with_trace(span, format!("while {what} the `outPath` attribute"));
                        add_peeled(e, &peeled)
                    })?;
                    let message = "while using the `outPath` attribute";
                    work.push(Item::Value {
                        v: p,
                        sep: false,
                        peeled: peel_more(&peeled, span, message.into()),
                    });
                } else {
                    return Err(add_peeled(cannot_coerce_for(&v, how), &peeled));
                }
            }
            Value::Int(i) if how.more => out.push_bytes(i.to_string().as_bytes())?,
            Value::Float(f) if how.more => out.push_bytes(float_to_string(*f).as_bytes())?,
            Value::Bool(b) if how.more => {
                if *b {
                    out.push_bytes(b"1")?;
                }
            }
            Value::Null if how.more => {}
            Value::List(l) if how.more => {
                let n = l.len();
                for (i, item) in l.iter().enumerate().rev() {
                    work.push(Item::Value {
                        v: item.clone(),
                        sep: i + 1 < n,
                        peeled: peeled.clone(),
                    });
                }
            }
            _ => return Err(add_peeled(cannot_coerce_for(&v, how), &peeled)),
        }
    }
    Ok(out.finish())
}

/// The store path a path literal is copied to, and the context recording it. The copy is
/// computed (and refused by a pure evaluator) through the evaluator's file access.
async fn store_path_of(co: &GenCo, p: &Path) -> Result<(String, ContextElem), Error> {
    let p = p.to_path_buf();
    let s = co.host(move |host| host.copy_path_to_store(&p)).await?;
    Ok((s.clone(), ContextElem::Opaque(s.into())))
}
