//! Strings: `toString`, `concatStringsSep`, `stringLength`, `substring`, `baseNameOf`,
//! `dirOf`.
//!
//! Strings are bytes, and every result keeps the context of the strings it came from. The
//! builtins that coerce their argument are plain functions for the values that need no
//! evaluation, and hand the others to their generators (their slow paths).

use std::rc::Rc;

use nixvm_value::expect::{expect_int, expect_list, expect_string};
use nixvm_value::{Coercion, Error, GenCo, Host, NixString, Plan, StringBuilder, Value};

use crate::support::args::{forced, in_context};
use crate::support::coerce::{coerce, coerce_now};

const TO_STRING_CTX: &str = "while evaluating the first argument passed to builtins.toString";

fn to_string(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    match in_context(coerce_now(&a[0], Coercion::TO_STRING), TO_STRING_CTX)? {
        Some(s) => Ok(Plan::Done(Value::String(s))),
        None => Ok(Plan::Slow),
    }
}

async fn to_string_gen(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let s = coerce(&co, a[0].clone(), Coercion::TO_STRING, TO_STRING_CTX).await?;
    Ok(Value::String(s))
}

const SEP_CTX: &str = "while evaluating the first argument (the separator string) passed to builtins.concatStringsSep";
const LIST_CTX: &str = "while evaluating the second argument (the list of strings to concat) passed to builtins.concatStringsSep";
const ELEM_CTX: &str = "while evaluating one element of the list of strings to concat passed to builtins.concatStringsSep";

/// Joins strings; the separator's context counts even if it is never used.
fn join(sep: &NixString, items: &[NixString]) -> Result<NixString, Error> {
    let total = items
        .iter()
        .fold(0usize, |n, s| n.saturating_add(s.len()))
        .saturating_add(sep.len().saturating_mul(items.len().saturating_sub(1)));
    let mut out = StringBuilder::with_capacity(total)?;
    if let Some(c) = sep.context() {
        out.extend_context(c);
    }
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_bytes(sep.as_bytes())?;
        }
        out.push(s)?;
    }
    Ok(out.finish())
}

fn concat_strings_sep(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let sep = in_context(expect_string(&a[0]), SEP_CTX)?;
    let list = in_context(expect_list(&a[1]), LIST_CTX)?;
    let mut items = Vec::with_capacity(list.len());
    for x in list.iter() {
        match in_context(coerce_now(x, Coercion::INTERPOLATION), ELEM_CTX)? {
            Some(s) => items.push(s),
            None => return Ok(Plan::Slow),
        }
    }
    Ok(Plan::Done(Value::String(join(&sep, &items)?)))
}

async fn concat_strings_sep_gen(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let sep = forced(&co, a[0].clone(), expect_string, SEP_CTX).await?;
    let list = forced(&co, a[1].clone(), expect_list, LIST_CTX).await?;
    let mut items = Vec::with_capacity(list.len());
    for x in list.iter() {
        items.push(coerce(&co, x.clone(), Coercion::INTERPOLATION, ELEM_CTX).await?);
    }
    Ok(Value::String(join(&sep, &items)?))
}

const LENGTH_CTX: &str = "while evaluating the argument passed to builtins.stringLength";

fn string_length(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    match in_context(coerce_now(&a[0], Coercion::INTERPOLATION), LENGTH_CTX)? {
        Some(s) => Ok(Plan::Done(Value::Int(s.len() as i64))),
        None => Ok(Plan::Slow),
    }
}

async fn string_length_gen(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let s = coerce(&co, a[0].clone(), Coercion::INTERPOLATION, LENGTH_CTX).await?;
    Ok(Value::Int(s.len() as i64))
}

const START_CTX: &str =
    "while evaluating the first argument (the start offset) passed to builtins.substring";
const LEN_CTX: &str =
    "while evaluating the second argument (the substring length) passed to builtins.substring";
const STRING_CTX: &str =
    "while evaluating the third argument (the string) passed to builtins.substring";

/// The start offset, which must not be negative.
fn substring_start(v: &Value) -> Result<usize, Error> {
    let start = in_context(expect_int(v), START_CTX)?;
    if start < 0 {
        return Err(Error::eval("negative start position in 'substring'"));
    }
    Ok(usize::try_from(start).unwrap_or(usize::MAX))
}

/// Bytes `start ..` of `s`, at most `len` of them (a negative `len` means all).
fn slice(s: &NixString, start: usize, len: i64) -> NixString {
    let n = s.len();
    let start = start.min(n);
    let end = match usize::try_from(len) {
        Ok(len) => start.saturating_add(len).min(n),
        Err(_) => n,
    };
    if start == 0 && end == n {
        return s.clone();
    }
    let bytes = &s.as_bytes()[start..end];
    match s.context() {
        Some(c) => NixString::with_context(bytes.to_vec(), c.clone()),
        // Copied once, into the string itself when it is short.
        None => NixString::new(bytes),
    }
}

fn substring(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    let start = substring_start(&a[0])?;
    // Nix looks at the length only after checking the start, and at the string only after
    // checking the length: each is forced when its turn comes.
    if !a[1].is_whnf() {
        return Ok(Plan::Force(1));
    }
    let len = in_context(expect_int(&a[1]), LEN_CTX)?;
    if !a[2].is_whnf() {
        return Ok(Plan::Force(2));
    }
    match in_context(coerce_now(&a[2], Coercion::INTERPOLATION), STRING_CTX)? {
        Some(s) => Ok(Plan::Done(Value::String(slice(&s, start, len)))),
        None => Ok(Plan::Slow),
    }
}

async fn substring_gen(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let start = substring_start(&co.force(a[0].clone()).await)?;
    let len = forced(&co, a[1].clone(), expect_int, LEN_CTX).await?;
    let s = coerce(&co, a[2].clone(), Coercion::INTERPOLATION, STRING_CTX).await?;
    Ok(Value::String(slice(&s, start, len)))
}

const BASE_NAME_CTX: &str = "while evaluating the first argument passed to builtins.baseNameOf";

/// Everything after the last slash, ignoring one trailing slash (Nix's historical rule for
/// strings; a path has no trailing slash anyway).
pub(crate) fn base_name(s: &NixString) -> NixString {
    let b = s.as_bytes();
    if b.is_empty() {
        return s.clone();
    }
    let mut last = b.len() - 1;
    if b[last] == b'/' && last > 0 {
        last -= 1;
    }
    let from = match b[..=last].iter().rposition(|&c| c == b'/') {
        Some(i) => i + 1,
        None => 0,
    };
    let bytes = if from > last {
        Vec::new()
    } else {
        b[from..=last].to_vec()
    };
    match s.context() {
        Some(c) => NixString::with_context(bytes, c.clone()),
        None => NixString::from_vec(bytes),
    }
}

fn base_name_of(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    match in_context(coerce_now(&a[0], Coercion::PLAIN), BASE_NAME_CTX)? {
        Some(s) => Ok(Plan::Done(Value::String(base_name(&s)))),
        None => Ok(Plan::Slow),
    }
}

async fn base_name_of_gen(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let s = coerce(&co, a[0].clone(), Coercion::PLAIN, BASE_NAME_CTX).await?;
    Ok(Value::String(base_name(&s)))
}

const DIR_OF_CTX: &str = "while evaluating the first argument passed to 'builtins.dirOf'";

/// Everything before the last slash: "." if there is none, "/" if it is the first byte.
fn dir_name(s: &NixString) -> NixString {
    let b = s.as_bytes();
    let bytes = match b.iter().rposition(|&c| c == b'/') {
        None => b".".to_vec(),
        Some(0) => b"/".to_vec(),
        Some(i) => b[..i].to_vec(),
    };
    match s.context() {
        Some(c) => NixString::with_context(bytes, c.clone()),
        None => NixString::from_vec(bytes),
    }
}

fn dir_of(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    if let Value::Path(p) = a[0].shallow() {
        // The parent of a path is a path; the root is its own parent.
        return Ok(Plan::Done(match p.parent() {
            Some(parent) => Value::Path(Rc::new(parent.to_path_buf())),
            None => Value::Path(p),
        }));
    }
    match in_context(coerce_now(&a[0], Coercion::PLAIN), DIR_OF_CTX)? {
        Some(s) => Ok(Plan::Done(Value::String(dir_name(&s)))),
        None => Ok(Plan::Slow),
    }
}

async fn dir_of_gen(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let s = coerce(&co, a[0].clone(), Coercion::PLAIN, DIR_OF_CTX).await?;
    Ok(Value::String(dir_name(&s)))
}

builtins! {
    /// Convert `e` to a string: strings, paths (not copied to the store), integers, floats,
    /// Booleans, null, lists (space-separated) and sets with `__toString` or `outPath`.
    TO_STRING = "toString"(e: strict) => to_string, gen to_string_gen, global;
    /// Concatenate a list of strings with the separator `separator` between them.
    CONCAT_STRINGS_SEP = "concatStringsSep"(separator: strict, list: strict) => concat_strings_sep,
        gen concat_strings_sep_gen;
    /// Return the length of the string `e` in bytes.
    STRING_LENGTH = "stringLength"(e: strict) => string_length, gen string_length_gen;
    /// Return the bytes of `s` from offset `start`, at most `len` of them (all if `len` is
    /// negative); `start` must not be negative.
    SUBSTRING = "substring"(start: strict, len, s) => substring, gen substring_gen;
    /// Return everything after the last `/` of a string or path, ignoring one trailing `/`.
    BASE_NAME_OF = "baseNameOf"(x: strict) => base_name_of, gen base_name_of_gen, global;
    /// Return the directory part of a string (a string) or of a path (a path): everything
    /// before the last `/`.
    DIR_OF = "dirOf"(s: strict) => dir_of, gen dir_of_gen, global;
}
