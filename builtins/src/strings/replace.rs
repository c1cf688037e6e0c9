//! `replaceStrings`: replacing several patterns in one pass over a string.
//!
//! Nix's rules: at each position the first pattern (in list order) that matches there is
//! replaced and the scan continues after it; an empty pattern matches at every position,
//! including the end, and then the byte at that position is kept and skipped. Replacements
//! are evaluated only when their pattern matches, once each, and their contexts join the
//! string's.
//!
//! Most positions cannot start any pattern, so a table of the bytes that start one lets the
//! scan skip runs of bytes and copy them at once. The scan stops where it needs a
//! replacement that is not evaluated yet: when the arguments, the patterns and the
//! replacements it meets are values already, the builtin is a plain function; otherwise its
//! generator forces them and drives the same scan.

use nixvm_value::expect::{expect_list, expect_string};
use nixvm_value::{Error, GenCo, Host, NixList, NixString, Plan, StringBuilder, Value};

use crate::support::args::{forced, in_arg, in_context};

const NAME: &str = "replaceStrings";
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

/// The scan over the string, which stops where it needs a replacement not known yet.
struct Scan {
    pats: Patterns,
    s: NixString,
    replacements: Vec<Option<NixString>>,
    out: StringBuilder,
    /// The position looked at.
    p: usize,
    /// Bytes from `copied` to `p` are kept as they are.
    copied: usize,
}

/// What the scan needs to go on.
enum Next {
    Done(Value),
    /// The replacement at this index, forced and checked.
    Replacement(usize),
}

impl Scan {
    /// The scan of `s`, or `s` itself if no pattern can match in it.
    fn new(pats: Vec<NixString>, s: NixString) -> Result<Result<Scan, Value>, Error> {
        let pats = Patterns::new(pats);
        let bytes = s.as_bytes();
        let n = bytes.len();
        let p = pats.next_candidate(bytes, 0);
        if p == n && (!pats.has_empty || pats.pats.is_empty()) {
            // Nothing can match: the string is returned as it is, context and all.
            return Ok(Err(Value::String(s)));
        }
        let mut out = StringBuilder::with_capacity(n)?;
        if let Some(c) = s.context() {
            out.extend_context(c);
        }
        Ok(Ok(Scan {
            replacements: vec![None; pats.pats.len()],
            pats,
            s,
            out,
            p,
            copied: 0,
        }))
    }

    fn run(&mut self) -> Result<Next, Error> {
        let bytes = self.s.as_bytes();
        let n = bytes.len();
        while self.p <= n {
            let p = self.p;
            let Some(i) = self.pats.match_at(bytes, p) else {
                if p == n {
                    break;
                }
                self.p = self.pats.next_candidate(bytes, p + 1);
                continue;
            };
            let Some(rep) = &self.replacements[i] else {
                return Ok(Next::Replacement(i));
            };
            self.out.push_bytes(&bytes[self.copied..p])?;
            self.out.push(rep)?;
            let len = self.pats.pats[i].len();
            let mut next = p + len;
            if len == 0 {
                if p < n {
                    self.out.push_bytes(&bytes[p..=p])?;
                }
                next = p + 1;
            }
            self.copied = next.min(n);
            self.p = if next < n {
                self.pats.next_candidate(bytes, next)
            } else {
                next
            };
        }
        self.out.push_bytes(&bytes[self.copied..])?;
        let out = std::mem::take(&mut self.out);
        Ok(Next::Done(Value::String(out.finish())))
    }
}

/// The patterns, if they are all evaluated (`None`: some must be forced first).
fn patterns_now(from: &NixList) -> Result<Option<Vec<NixString>>, Error> {
    let mut pats = Vec::with_capacity(from.len());
    for x in from.iter() {
        match x.evaluated() {
            Some(x) => pats.push(in_context(expect_string(&x), FROM_CTX)?),
            None => return Ok(None),
        }
    }
    Ok(Some(pats))
}

fn same_lengths(from: &NixList, to: &NixList) -> Result<(), Error> {
    if from.len() != to.len() {
        return Err(Error::eval(
            "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
        ));
    }
    Ok(())
}

/// Without the VM when everything the scan meets is evaluated already: Nix forces `from`,
/// `to`, each pattern, then the string.
fn replace_strings_now(_: &mut dyn Host, a: &[Value]) -> Result<Plan, Error> {
    if !a[0].is_whnf() {
        return Ok(Plan::Force(0));
    }
    let from = in_arg(expect_list(&a[0]), 0, NAME)?;
    if !a[1].is_whnf() {
        return Ok(Plan::Force(1));
    }
    let to = in_arg(expect_list(&a[1]), 1, NAME)?;
    same_lengths(&from, &to)?;
    let Some(pats) = patterns_now(&from)? else {
        return Ok(Plan::Slow);
    };
    if !a[2].is_whnf() {
        return Ok(Plan::Force(2));
    }
    let s = in_arg(expect_string(&a[2]), 2, NAME)?;
    let mut scan = match Scan::new(pats, s)? {
        Ok(scan) => scan,
        Err(unchanged) => return Ok(Plan::Done(unchanged)),
    };
    loop {
        match scan.run()? {
            Next::Done(v) => return Ok(Plan::Done(v)),
            Next::Replacement(i) => match to.as_slice()[i].evaluated() {
                Some(r) => scan.replacements[i] = Some(in_context(expect_string(&r), TO_CTX)?),
                None => return Ok(Plan::Slow),
            },
        }
    }
}

pub(crate) async fn replace_strings(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let from = co.force(a[0].clone()).await;
    let from = in_arg(expect_list(&from), 0, NAME)?;
    let to = co.force(a[1].clone()).await;
    let to = in_arg(expect_list(&to), 1, NAME)?;
    same_lengths(&from, &to)?;
    let mut pats = Vec::with_capacity(from.len());
    for x in from.iter() {
        let x = co.force(x.clone()).await;
        pats.push(in_context(expect_string(&x), FROM_CTX)?);
    }
    let s = co.force(a[2].clone()).await;
    let s = in_arg(expect_string(&s), 2, NAME)?;
    let mut scan = match Scan::new(pats, s)? {
        Ok(scan) => scan,
        Err(unchanged) => return Ok(unchanged),
    };
    loop {
        match scan.run()? {
            Next::Done(v) => return Ok(v),
            Next::Replacement(i) => {
                let r = forced(&co, to.as_slice()[i].clone(), expect_string, TO_CTX).await?;
                scan.replacements[i] = Some(r);
            }
        }
    }
}

builtins! {
    /// Replace in `s` every occurrence of a string of `from` by the string at the same
    /// position in `to`, scanning once from left to right.
    REPLACE_STRINGS = "replaceStrings"(from, to, s) => replace_strings_now, gen replace_strings;
}
