//! Unit tests: the oracle table (`tests_table.rs`, produced by running CppNix
//! 2.8), plus checks that hostile patterns and inputs stay fast and never
//! overflow the stack.

use super::api::{Captures, Regex};
use super::error::RegexError;

#[path = "tests_table.rs"]
mod table;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Match,
    Split,
}

/// (operation, pattern, input, what CppNix printed or `error` / `too big`).
type Case = (Op, &'static [u8], &'static [u8], &'static [u8]);

/// A string as `nix-instantiate --eval` prints it.
fn render_str(s: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'$' if s.get(i + 1) == Some(&b'{') => out.extend_from_slice(b"\\$"),
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

fn render_groups(text: &[u8], caps: &Captures, out: &mut Vec<u8>) {
    out.extend_from_slice(b"[ ");
    for g in &caps[1..] {
        match g {
            Some((a, b)) => render_str(&text[*a..*b], out),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b' ');
    }
    out.push(b']');
}

/// What CppNix would print for `builtins.match`/`builtins.split` with our
/// results, so table entries can be compared byte for byte.
fn evaluate(op: Op, pattern: &[u8], text: &[u8]) -> Vec<u8> {
    let re = match Regex::new(pattern) {
        Ok(re) => re,
        Err(e) if e.is_too_big() => return b"too big".to_vec(),
        Err(_) => return b"error".to_vec(),
    };
    let mut out = Vec::new();
    match op {
        Op::Match => match re.match_full(text) {
            None => out.extend_from_slice(b"null"),
            Some(caps) => render_groups(text, &caps, &mut out),
        },
        Op::Split => {
            out.extend_from_slice(b"[ ");
            let mut prev = 0;
            for m in re.split_matches(text) {
                let (start, end) = m[0].expect("whole match is set");
                render_str(&text[prev..start], &mut out);
                out.push(b' ');
                render_groups(text, &m, &mut out);
                out.push(b' ');
                prev = end;
            }
            render_str(&text[prev..], &mut out);
            out.extend_from_slice(b" ]");
        }
    }
    out
}

#[test]
fn oracle_table() {
    assert!(table::CASES.len() >= 150);
    let mut failures = Vec::new();
    for &(op, pattern, text, want) in table::CASES {
        let got = evaluate(op, pattern, text);
        if got != want {
            failures.push(format!(
                "{op:?} {:?} on {:?}: want {}, got {}",
                String::from_utf8_lossy(pattern),
                String::from_utf8_lossy(text),
                String::from_utf8_lossy(want),
                String::from_utf8_lossy(&got)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_messages_are_short_and_specific() {
    let msg = |p: &[u8]| Regex::new(p).expect_err("invalid").message;
    assert_eq!(msg(b"(a"), "unmatched parenthesis");
    assert_eq!(msg(b"a)"), "unmatched parenthesis");
    assert_eq!(msg(b"a{2,1}"), "invalid repetition count");
    assert_eq!(msg(b"a{1"), "unterminated repetition count");
    assert_eq!(msg(b"[[:nope:]]"), "invalid character class");
    assert_eq!(msg(b"[a"), "unterminated bracket expression");
    assert_eq!(msg(b"[z-a]"), "invalid range in bracket expression");
    assert_eq!(msg(b"\\d"), "invalid escape sequence");
    assert_eq!(msg(b"a\\"), "trailing backslash");
    assert_eq!(msg(b"*"), "repetition operator without operand");
    let big = Regex::new(b"(a{1000}){1000}").expect_err("too big");
    assert!(big.is_too_big());
    assert_eq!(big.to_string(), RegexError::TOO_BIG);
}

#[test]
fn find_at_and_group_count() {
    let re = Regex::new(b"(a+)(b)?").unwrap();
    assert_eq!(re.group_count(), 2);
    let text = b"xxaab aa";
    assert_eq!(
        re.find_at(text, 0),
        Some(vec![Some((2, 5)), Some((2, 4)), Some((4, 5))])
    );
    assert_eq!(
        re.find_at(text, 5),
        Some(vec![Some((6, 8)), Some((6, 8)), None])
    );
    assert_eq!(re.find_at(text, 8), None);
    assert_eq!(re.find_at(text, 9), None);
    // `^` means the start of the text, not of the search.
    let anchored = Regex::new(b"^a").unwrap();
    assert_eq!(anchored.find_at(b"aa", 1), None);
    assert_eq!(anchored.find_at(b"aa", 0), Some(vec![Some((0, 1))]));
}

#[test]
fn matcher_is_reusable_across_calls_and_threads() {
    let re = std::sync::Arc::new(Regex::new(b"([a-z]+)-([0-9.]+)").unwrap());
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let re = re.clone();
            std::thread::spawn(move || {
                for i in 0..500 {
                    let s = format!("pkg{t}-{i}.0");
                    let caps = re.match_full(s.as_bytes());
                    assert!(caps.is_none(), "digits are not in [a-z]");
                    let s = format!("pkg-{i}.{t}");
                    let caps = re.match_full(s.as_bytes()).expect("matches");
                    assert_eq!(caps[1], Some((0, 3)));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

/// Patterns that make a backtracking engine take exponential time finish
/// immediately here; the assertions check results, not time.
#[test]
fn pathological_patterns_are_linear() {
    let a30k = vec![b'a'; 30_000];
    let re = Regex::new(b"(a*)*b").unwrap();
    assert_eq!(re.match_full(&a30k), None);
    assert_eq!(re.find_at(&a30k, 0), None);

    let re = Regex::new(b"(a|aa)*c").unwrap();
    assert_eq!(re.match_full(&a30k), None);
    let mut with_c = a30k.clone();
    with_c.push(b'c');
    let caps = re.match_full(&with_c).expect("matches");
    assert_eq!(caps[0], Some((0, 30_001)));
    assert_eq!(caps[1], Some((29_999, 30_000)));

    let re = Regex::new(b"(a?){20}a{20}").unwrap();
    assert!(re.match_full(&[b'a'; 20]).is_some());

    let re = Regex::new(b"((a*)*)*$").unwrap();
    let caps = re.match_full(&a30k).expect("matches");
    assert_eq!(caps[0], Some((0, 30_000)));

    // Many matches of a pattern that can match empty.
    let re = Regex::new(b"(a|b*)*").unwrap();
    let text: Vec<u8> = b"ab".iter().copied().cycle().take(20_000).collect();
    let matches = re.split_matches(&text);
    assert_eq!(matches.len(), 2);
    assert_eq!(matches[0][0], Some((0, 20_000)));
}

/// Loop-exit pruning is only set up where it can change a search result.
#[test]
fn pruning_only_where_it_matters() {
    let prunes = |p: &[u8]| Regex::new(p).unwrap().program_for_tests().searches_prune;
    // Going round again and leaving can both match here (`a?(ab)?` on `ab`).
    assert!(prunes(b"a?(ab)?") && prunes(b"a*a") && prunes(b"(a|b)*b"));
    // Here the next byte decides between them.
    assert!(!prunes(b"([a-z]+)([0-9]+)") && !prunes(b"a*b") && !prunes(b"[0-9]+\\.[0-9]+"));
    let re = Regex::new(b"a?(ab)?").unwrap();
    assert_eq!(re.find_at(b"ab", 0).unwrap()[0], Some((0, 1)));
}

/// Patterns that are one byte or bracket expression are searched for directly;
/// other patterns are not mistaken for them.
#[test]
fn single_byte_patterns() {
    let single = |p: &[u8]| {
        Regex::new(p)
            .unwrap()
            .program_for_tests()
            .single_byte_set
            .is_some()
    };
    assert!(single(b"\n") && single(b"[-.]") && single(b".") && single(b"a"));
    assert!(
        !single(b"(a)") && !single(b"a*") && !single(b"ab") && !single(b"^a") && !single(b"a|b")
    );
    let re = Regex::new(b"[-.]").unwrap();
    let starts: Vec<usize> = re
        .split_matches(b"a-b.c--")
        .iter()
        .map(|m| m[0].unwrap().0)
        .collect();
    assert_eq!(starts, [1, 3, 5, 6]);
    assert_eq!(re.find_at(b"a-b", 2), None);
}

#[test]
fn long_texts_do_not_recurse() {
    let text = vec![b'x'; 1_000_000];
    let re = Regex::new(b"(x|y)*").unwrap();
    let caps = re.match_full(&text).expect("matches");
    assert_eq!(caps[1], Some((999_999, 1_000_000)));
    let re = Regex::new(b"(.)").unwrap();
    assert_eq!(re.split_matches(&text[..100_000]).len(), 100_000);
}

#[test]
fn deep_nesting_is_an_error_or_works_without_overflow() {
    let deep = |n: usize| {
        let mut p = vec![b'('; n];
        p.push(b'a');
        p.extend(std::iter::repeat_n(b')', n));
        p
    };
    let err = Regex::new(&deep(100_000)).expect_err("too many states");
    assert!(err.is_too_big());
    // Just under libstdc++'s state limit it compiles and matches.
    let re = Regex::new(&deep(30_000)).unwrap();
    let caps = re.match_full(b"a").expect("matches");
    assert_eq!(caps.len(), 30_001);
    assert!(caps.iter().all(|c| *c == Some((0, 1))));
    // Unbalanced deep nesting is a plain syntax error.
    let unbalanced = vec![b'('; 100_000];
    assert_eq!(
        Regex::new(&unbalanced).unwrap_err().message,
        "unmatched parenthesis"
    );
    let nested_stars: Vec<u8> = std::iter::repeat_n(b"(a*)".as_slice(), 1)
        .chain(std::iter::repeat_n(b"*".as_slice(), 50_000))
        .flatten()
        .copied()
        .collect();
    let re = Regex::new(&nested_stars).unwrap();
    assert!(re.match_full(b"aaaa").is_some());
}
