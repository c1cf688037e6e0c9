//! Regular expressions as builtins: `match` and `split`, on the POSIX extended engine in
//! [`nixvm_regex`].
//!
//! Programs apply a few patterns to many strings, so compiled patterns are kept in a small
//! per-thread cache. The strings produced are slices of the subject without its context,
//! as in Nix; only `split`'s result for a subject without any match is the subject itself.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use nixvm_value::memory::Growth;
use nixvm_value::{Error, Host, NixList, NixString, Value};

use crate::support::args;
use nixvm_regex::{Captures, Regex};

/// Patterns beyond this many are not cached (the cache is emptied when it is full).
const CACHE_SIZE: usize = 512;

thread_local! {
    static CACHE: RefCell<FxHashMap<Box<[u8]>, Rc<Regex>>> = RefCell::new(FxHashMap::default());
}

/// The compiled form of `pattern`, or Nix's error for a pattern it cannot compile.
fn compiled(pattern: &NixString) -> Result<Rc<Regex>, Error> {
    let bytes = pattern.as_bytes();
    if let Some(re) = CACHE.with(|c| c.borrow().get(bytes).cloned()) {
        return Ok(re);
    }
    let re = Rc::new(Regex::new(bytes).map_err(|e| {
        let what = if e.is_too_big() {
            "memory limit exceeded by regular expression"
        } else {
            "invalid regular expression"
        };
        Error::eval(format!("{what} '{}'", pattern.to_str_lossy()))
    })?);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_SIZE {
            c.clear();
        }
        c.insert(bytes.into(), re.clone());
    });
    Ok(re)
}

/// The groups of a match (not the whole match), `null` for those that did not take part;
/// what they take counts towards `growth`.
fn groups(text: &[u8], m: &Captures, growth: &mut Growth) -> Result<Value, Error> {
    let items = m[1..]
        .iter()
        .map(|g| match g {
            Some((a, b)) => {
                growth.add(STRING_BYTES + (b - a))?;
                Ok(Value::string(&text[*a..*b]))
            }
            None => Ok(Value::Null),
        })
        .collect::<Result<Vec<_>, Error>>()?;
    growth.add(LIST_BYTES + items.len() * std::mem::size_of::<Value>())?;
    Ok(Value::List(NixList::new(items)))
}

/// What a string and a list take besides their contents, for the memory ceiling.
const STRING_BYTES: usize = 48;
const LIST_BYTES: usize = 48;

fn match_builtin(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let pattern = args::string_no_ctx_arg(a, 0, "match")?;
    let re = compiled(&pattern)?;
    let s = args::string(a, 1, "match")?;
    let text = s.as_bytes();
    match re.match_full(text) {
        Some(m) => groups(text, &m, &mut Growth::new()),
        None => Ok(Value::Null),
    }
}

fn split_builtin(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let pattern = args::string_no_ctx_arg(a, 0, "split")?;
    let re = compiled(&pattern)?;
    let s = args::string(a, 1, "split")?;
    let text = s.as_bytes();
    // A pattern without groups gives every match the same empty list.
    let empty = (re.group_count() == 0).then(NixList::empty);
    let mut out = Vec::new();
    let mut last = 0;
    // A subject can hold a match at every byte: what the parts take is counted, and once
    // that is too much the rest of the matches are only skipped.
    let mut growth = Growth::new();
    let mut failed = None;
    re.split_for_each(text, |m| {
        let Some((start, end)) = m[0] else { return };
        if failed.is_some() {
            return;
        }
        let part = growth
            .add(2 * std::mem::size_of::<Value>() + STRING_BYTES + (start - last))
            .and_then(|()| match &empty {
                Some(empty) => Ok(Value::List(empty.clone())),
                None => groups(text, m, &mut growth),
            });
        match part {
            Ok(groups) => {
                out.push(Value::string(&text[last..start]));
                out.push(groups);
                last = end;
            }
            Err(e) => failed = Some(e),
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if out.is_empty() {
        return Ok(Value::List(NixList::new(vec![Value::String(s)])));
    }
    out.push(Value::string(&text[last..]));
    Ok(Value::List(NixList::new(out)))
}

builtins! {
    /// Return the groups of the POSIX extended regular expression `regex` if it matches
    /// the whole string `str` (`null` for a group that matched nothing), or `null` if it
    /// does not match.
    MATCH = "match"(regex: strict, str: strict) => match_builtin;
    /// Split the string `str` at the matches of the POSIX extended regular expression
    /// `regex`: the parts between matches, each followed by the list of the groups of the
    /// match after it.
    SPLIT = "split"(regex: strict, str: strict) => split_builtin;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_patterns_are_errors_and_valid_ones_are_cached() {
        let bad = NixString::from("(a");
        let e = compiled(&bad).err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("invalid regular expression '(a'"));
        let good = NixString::from("a(b)?");
        let first = compiled(&good).expect("valid");
        let second = compiled(&good).expect("valid");
        assert!(Rc::ptr_eq(&first, &second));
    }
}
