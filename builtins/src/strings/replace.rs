//! `replaceStrings`: replacing several patterns in one pass over a string.
//!
//! Nix's rules: at each position the first pattern (in list order) that matches there is
//! replaced and the scan continues after it; an empty pattern matches at every position,
//! including the end, and then the byte at that position is kept and skipped. Replacements
//! are evaluated only when their pattern matches, once each, and their contexts join the
//! string's.
//!
//! Most positions cannot start any pattern, so a table of the bytes that start one lets the
//! scan skip runs of bytes and copy them at once.

use nixvm_value::expect::{expect_list, expect_string};
use nixvm_value::{Error, GenCo, NixString, StringBuilder, Value};

use crate::support::args::{forced, in_arg, in_context};

const FROM_CTX: &str =
    "while evaluating one of the strings to replace passed to builtins.replaceStrings";
const TO_CTX: &str =
    "while evaluating one of the replacement strings passed to builtins.replaceStrings";

/// The patterns, with the set of bytes any of them starts with.
struct Patterns {
    pats: Vec<NixString>,
    starts: [u64; 4],
    /// Some pattern is empty, so every position is a candidate.
    has_empty: bool,
}

impl Patterns {
    fn new(pats: Vec<NixString>) -> Patterns {
        let mut starts = [0u64; 4];
        let mut has_empty = false;
        for p in &pats {
            match p.as_bytes().first() {
                Some(&b) => starts[usize::from(b >> 6)] |= 1 << (b & 63),
                None => has_empty = true,
            }
        }
        Patterns {
            pats,
            starts,
            has_empty,
        }
    }

    fn may_start(&self, b: u8) -> bool {
        self.has_empty || self.starts[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    /// The first position at or after `p` where some pattern may match (`s.len()` if only
    /// the end is left).
    fn next_candidate(&self, s: &[u8], p: usize) -> usize {
        s[p..]
            .iter()
            .position(|&b| self.may_start(b))
            .map_or(s.len(), |i| p + i)
    }

    /// The index of the first pattern matching at `p`.
    fn match_at(&self, s: &[u8], p: usize) -> Option<usize> {
        self.pats
            .iter()
            .position(|pat| s[p..].starts_with(pat.as_bytes()))
    }
}

pub(crate) async fn replace_strings(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let from = co.force(a[0].clone()).await;
    let from = in_arg(expect_list(&from), 0, "replaceStrings")?;
    let to = co.force(a[1].clone()).await;
    let to = in_arg(expect_list(&to), 1, "replaceStrings")?;
    if from.len() != to.len() {
        return Err(Error::eval(
            "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
        ));
    }
    let mut pats = Vec::with_capacity(from.len());
    for x in from.iter() {
        let x = co.force(x.clone()).await;
        pats.push(in_context(expect_string(&x), FROM_CTX)?);
    }
    let s = co.force(a[2].clone()).await;
    let s = in_arg(expect_string(&s), 2, "replaceStrings")?;

    let pats = Patterns::new(pats);
    let bytes = s.as_bytes();
    let n = bytes.len();
    let mut p = pats.next_candidate(bytes, 0);
    if p == n && (!pats.has_empty || pats.pats.is_empty()) {
        // Nothing can match: the string is returned as it is, context and all.
        return Ok(Value::String(s));
    }
    let mut replacements: Vec<Option<NixString>> = vec![None; pats.pats.len()];
    let mut out = StringBuilder::with_capacity(n)?;
    if let Some(c) = s.context() {
        out.extend_context(c);
    }
    // Bytes from `copied` to `p` are kept as they are.
    let mut copied = 0;
    while p <= n {
        let Some(i) = pats.match_at(bytes, p) else {
            if p == n {
                break;
            }
            p = pats.next_candidate(bytes, p + 1);
            continue;
        };
        out.push_bytes(&bytes[copied..p])?;
        let rep = match &replacements[i] {
            Some(r) => r.clone(),
            None => {
                let r = forced(&co, to.as_slice()[i].clone(), expect_string, TO_CTX).await?;
                replacements[i] = Some(r.clone());
                r
            }
        };
        out.push(&rep)?;
        let len = pats.pats[i].len();
        if len == 0 {
            if p < n {
                out.push_bytes(&bytes[p..=p])?;
            }
            p += 1;
        } else {
            p += len;
        }
        copied = p.min(n);
        if p < n {
            p = pats.next_candidate(bytes, p);
        }
    }
    out.push_bytes(&bytes[copied..])?;
    Ok(Value::String(out.finish()))
}

builtins! {
    /// Replace in `s` every occurrence of a string of `from` by the string at the same
    /// position in `to`, scanning once from left to right.
    REPLACE_STRINGS = "replaceStrings"(from, to, s) => gen replace_strings;
}
