//! Smaller slow paths: `with` lookups that must force a scope, `__functor` calls, builtins
//! whose strict arguments are not yet evaluated, and "did you mean" suggestions.

use nixvm_value::expect::type_error;
use nixvm_value::symbol::well_known;
use nixvm_value::{Error, ErrorKind, GenCo, NixAttrs, Symbol, Value};

/// Looks `name` up in `with` scopes, innermost first, forcing each as it is reached.
pub async fn with_lookup(
    co: GenCo,
    scopes: Vec<Value>,
    with_sites: Vec<codemap::Span>,
    name: Symbol,
    span: codemap::Span,
) -> Result<Value, Error> {
    for (s, site) in scopes.into_iter().zip(with_sites) {
        match co.force(s).await {
            Value::Attrs(a) => {
                if let Some(v) = a.get(name) {
                    return Ok(v.clone());
                }
            }
            other => {
                return Err(type_error("a set", &other).with_trace(
                    Some(site),
                    "while evaluating the first subexpression of a with expression",
                ));
            }
        }
    }
    Err(Error::at(
        ErrorKind::UndefinedVariable(name.to_str_lossy().into_owned()),
        span,
    ))
}

/// `set arg` for a set with `__functor`: `set.__functor set arg`.
pub async fn call_functor(co: GenCo, set: Value, arg: Value) -> Result<Value, Error> {
    let Value::Attrs(a) = &set else {
        unreachable!("only sets have functors")
    };
    let f = a
        .get(well_known::functor())
        .expect("checked by the caller")
        .clone();
    let f = co.force(f).await;
    Ok(co.call2(f, set, arg).await)
}

/// Levenshtein distance, for suggestions.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Names close to `name`, as Nix suggests them (edit distance at most 2), sorted.
pub fn close_names(name: &str, candidates: &[String]) -> Vec<String> {
    let mut close: Vec<(usize, String)> = candidates
        .iter()
        .filter_map(|c| {
            let d = distance(name, c);
            (d <= 2).then(|| (d, c.clone()))
        })
        .collect();
    close.sort();
    close.into_iter().map(|(_, c)| c).collect()
}

/// Suggestions for a missing attribute.
pub fn suggestions(attrs: &NixAttrs, name: Symbol) -> Vec<String> {
    let names: Vec<String> = attrs
        .sorted_names()
        .iter()
        .map(|s| s.to_str_lossy().into_owned())
        .collect();
    close_names(&name.to_str_lossy(), &names)
}
