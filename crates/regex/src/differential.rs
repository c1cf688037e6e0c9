//! Test-only randomized checks: the matcher against the backtracking model
//! of libstdc++ (`model.rs`) on many small generated cases, and a replay of
//! oracle results produced by `tools/fuzz_oracle.py`.

use super::api::{Captures, Regex};
use super::backtrack::{self, Backtracker};
use super::dfa::Dfa;
use super::exec::{SearchOptions, search};
use super::live::Live;
use super::model::{ModelOptions, model_search};
use super::reach::ReachTable;

/// A small deterministic generator (xorshift64*), enough for test inputs.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const QUANTIFIERS: &[&str] = &[
    "*", "*", "+", "+", "?", "?", "{0,1}", "{1,2}", "{2}", "{0,}", "{1,}", "{0,2}", "**", "*?",
    "+*",
];

fn gen_regex(r: &mut Rng, depth: usize, out: &mut String) {
    let n = [1, 1, 1, 2, 2, 3][r.below(6)];
    for i in 0..n {
        if i > 0 {
            out.push('|');
        }
        let terms = if depth < 3 { r.below(5) } else { r.below(3) };
        for _ in 0..terms {
            gen_term(r, depth, out);
        }
    }
}

fn gen_term(r: &mut Rng, depth: usize, out: &mut String) {
    match r.below(20) {
        0 => out.push('^'),
        1 => out.push('$'),
        _ => {
            if depth < 3 && r.below(3) == 0 {
                out.push('(');
                gen_regex(r, depth + 1, out);
                out.push(')');
            } else {
                out.push_str(r.pick(&["a", "a", "a", "b", "b", ".", "[ab]", "[^a]", "()", "c"]));
            }
            if r.below(9) < 4 {
                out.push_str(r.pick(QUANTIFIERS));
            }
        }
    }
}

/// A generated pattern, and it compiled.
fn gen_pattern(r: &mut Rng) -> (String, Regex) {
    let mut pattern = String::new();
    gen_regex(r, 0, &mut pattern);
    let re = Regex::new(pattern.as_bytes()).expect("generated patterns are valid");
    (pattern, re)
}

/// How many rounds to run and the generator, from `REGEX_FUZZ_ROUNDS` and `REGEX_FUZZ_SEED`
/// (for longer soak runs) or the defaults.
fn fuzz_settings(default_seed: u64) -> (usize, Rng) {
    let rounds = std::env::var("REGEX_FUZZ_ROUNDS").map_or(4000, |v| v.parse().unwrap());
    let seed = std::env::var("REGEX_FUZZ_SEED").map_or(default_seed, |v| v.parse().unwrap());
    (rounds, Rng::new(seed))
}

/// Two matchers' answers on one case, which must be the same.
fn assert_same<T: PartialEq + std::fmt::Debug>(
    got: T,
    want: T,
    pattern: &str,
    text: &[u8],
    opts: Option<SearchOptions>,
) {
    assert_eq!(
        got,
        want,
        "pattern {pattern:?} text {:?} opts {opts:?}",
        String::from_utf8_lossy(text)
    );
}

fn gen_text(r: &mut Rng) -> Vec<u8> {
    let n = r.below(7);
    (0..n).map(|_| b"aabbc"[r.below(5)]).collect()
}

fn engine(re: &Regex, text: &[u8], opts: SearchOptions) -> Option<Captures> {
    let prog = re.program_for_tests();
    let mut scratch = super::exec::Scratch::new(prog);
    let mut table = None;
    if !opts.whole && prog.searches_prune {
        table = ReachTable::build(prog, text, opts.start);
        if opts.not_null
            && let Some(t) = table.as_mut()
        {
            t.set_not_null_begin(prog, text, opts.start);
        }
    }
    let result = search(prog, &mut scratch, text, opts, table.as_ref());
    FELL_BACK.set(scratch.fell_back);
    result
}

thread_local! {
    /// Whether the last `engine` call gave up exact emulation (see exec.rs).
    static FELL_BACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The backtracker and the Pike VM agree on every search mode, wherever the
/// backtracker applies (the model is exponential; the Pike VM is checked
/// against it above, so this can afford longer texts).
#[test]
fn backtracker_agrees_with_pike_vm() {
    let (rounds, mut r) = fuzz_settings(11);
    let mut b = Backtracker::default();
    let mut checked = 0;
    for _ in 0..rounds {
        let (pattern, re) = gen_pattern(&mut r);
        let prog = re.program_for_tests();
        for _ in 0..6 {
            let mut text = gen_text(&mut r);
            if r.below(3) == 0 {
                let more = gen_text(&mut r);
                text.extend(more.iter().chain(&more));
            }
            if !backtrack::applicable(prog, text.len() + 1) {
                continue;
            }
            for (whole, anchored, not_null) in [
                (true, true, false),
                (false, false, false),
                (false, true, true),
                (false, true, false),
            ] {
                let start = if whole { 0 } else { r.below(text.len() + 1) };
                let opts = SearchOptions {
                    start,
                    anchored,
                    whole,
                    not_null,
                    plain: false,
                };
                let want = engine(&re, &text, opts);
                let got = backtrack::search(prog, &mut b, &text, opts);
                assert_same(got, want, &pattern, &text, Some(opts));
                checked += 1;
            }
        }
    }
    println!("{checked} searches compared");
    assert!(checked > 20_000);
}

const WHOLE: SearchOptions = SearchOptions {
    start: 0,
    anchored: true,
    whole: true,
    not_null: false,
    plain: false,
};

/// Knowing which states can still reach the end, one walk finds the same
/// whole-string captures as the Pike VM.
#[test]
fn live_walk_agrees_with_pike_vm() {
    let mut r = Rng::new(17);
    let mut checked = 0;
    for _ in 0..4000 {
        let (pattern, re) = gen_pattern(&mut r);
        let prog = re.program_for_tests();
        if !prog.epsilon_acyclic {
            continue;
        }
        let mut live = Live::new(prog);
        for _ in 0..8 {
            let mut text = gen_text(&mut r);
            text.push(b"abc"[r.below(3)]);
            assert!(live.scan(prog, &text), "small texts fit the table");
            let got = live.captures(prog, &text);
            let want = engine(&re, &text, WHOLE);
            assert_same(got, want, &pattern, &text, None);
            checked += 1;
        }
    }
    assert!(checked > 10_000, "{checked}");
}

/// A pattern whose backward automaton has many thousands of states makes the
/// scan give up (and the backtracker then finds the captures), with the right
/// answers before and after.
#[test]
fn guidance_table_overflows_cleanly() {
    let re = Regex::new(b"((a|b){16})a(a|b)*").unwrap();
    let prog = re.program_for_tests();
    let mut live = Live::new(prog);
    let mut r = Rng::new(9);
    let long: Vec<u8> = (0..60_000).map(|_| b"ab"[r.below(2)]).collect();
    assert!(!live.scan(prog, &long), "the table overflows");
    for text in [
        &long[..],
        &b"bbbbbbbbbbbbbbbbabab"[..],
        &b"aaaaaaaaaaaaaaaab"[..],
        &long[..100],
        &long[..],
    ] {
        assert_eq!(live.scan(prog, text), text.len() < 1000);
        let want = text.len() > 16 && text[16] == b'a';
        let caps = re.match_full(text);
        assert_eq!(caps.is_some(), want);
        if let Some(caps) = caps {
            assert_eq!(caps[1], Some((0, 16)));
        }
    }
}

/// The DFA accepts exactly the texts the Pike VM matches whole.
#[test]
fn dfa_agrees_with_pike_vm() {
    let mut r = Rng::new(5);
    let mut checked = 0;
    for _ in 0..4000 {
        let (pattern, re) = gen_pattern(&mut r);
        let prog = re.program_for_tests();
        let mut dfa = Dfa::new(prog);
        for _ in 0..8 {
            let text = gen_text(&mut r);
            let opts = SearchOptions {
                start: 0,
                anchored: true,
                whole: true,
                not_null: false,
                plain: false,
            };
            let want = engine(&re, &text, opts).is_some();
            assert_same(dfa.matches_whole(prog, &text), want, &pattern, &text, None);
            checked += 1;
        }
    }
    assert!(checked > 30_000);
}

/// A pattern whose DFA has tens of thousands of states overflows the table
/// many times on one text and still gives the right answers.
#[test]
fn dfa_survives_emptying_its_table() {
    let re = Regex::new(b"(a|b)*a(a|b){16}").unwrap();
    let prog = re.program_for_tests();
    let mut dfa = Dfa::new(prog);
    let mut r = Rng::new(3);
    for len in [0, 17, 18, 40, 60_000] {
        for _ in 0..4 {
            let text: Vec<u8> = (0..len).map(|_| b"ab"[r.below(2)]).collect();
            let want = text.len() >= 17 && text[text.len() - 17] == b'a';
            assert_eq!(dfa.matches_whole(prog, &text), want, "length {len}");
        }
    }
    assert!(
        dfa.resets >= 2,
        "the table was emptied {} times",
        dfa.resets
    );
}

/// The matcher and the model agree on every search mode.
#[test]
fn engine_agrees_with_model() {
    let (rounds, mut r) = fuzz_settings(7);
    let (mut checked, mut fell_back) = (0, 0);
    for _ in 0..rounds {
        let (pattern, re) = gen_pattern(&mut r);
        for _ in 0..4 {
            let text = gen_text(&mut r);
            for (whole, anchored, not_null) in [
                (true, true, false),
                (false, false, false),
                (false, true, true),
            ] {
                let start = if anchored && !whole {
                    r.below(text.len() + 1)
                } else {
                    0
                };
                let opts = SearchOptions {
                    start,
                    anchored,
                    whole,
                    not_null,
                    plain: false,
                };
                let model_opts = ModelOptions {
                    whole,
                    not_null,
                    anchored,
                    prune: true,
                    budget: 200_000,
                };
                let Ok(want) = model_search(re.program_for_tests(), &text, start, model_opts)
                else {
                    continue;
                };
                let got = engine(&re, &text, opts);
                if FELL_BACK.get() {
                    fell_back += 1;
                    continue;
                }
                assert_same(got, want, &pattern, &text, Some(opts));
                checked += 1;
            }
        }
    }
    println!("{checked} searches compared, {fell_back} fell back to plain mode");
    assert!(checked > 10_000);
    assert!(fell_back * 100 < checked, "too many fallbacks: {fell_back}");
}

fn render_json_str(s: &[u8], out: &mut String) {
    out.push('"');
    for &b in s {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            _ => out.push(char::from(b)),
        }
    }
    out.push('"');
}

fn render_groups(text: &[u8], caps: &Captures, out: &mut String) {
    out.push('[');
    for (i, g) in caps[1..].iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match g {
            Some((a, b)) => render_json_str(&text[*a..*b], out),
            None => out.push_str("null"),
        }
    }
    out.push(']');
}

/// Renders a `builtins.match` or `builtins.split` result as `nix --json`.
fn render_json(op: &str, text: &[u8], re: &Regex, prune_model: bool) -> String {
    let mut out = String::new();
    if op == "match" {
        let result = if prune_model {
            let whole = ModelOptions {
                whole: true,
                not_null: false,
                anchored: true,
                prune: true,
                budget: 20_000_000,
            };
            match model_search(re.program_for_tests(), text, 0, whole) {
                Ok(r) => r,
                Err(_) => return "exhausted".to_string(),
            }
        } else {
            re.match_full(text)
        };
        match result {
            None => out.push_str("null"),
            Some(c) => render_groups(text, &c, &mut out),
        }
        return out;
    }
    let matches = if prune_model {
        match model_split(re, text) {
            Some(m) => m,
            None => return "exhausted".to_string(),
        }
    } else {
        re.split_matches(text)
    };
    out.push('[');
    let mut prev = 0;
    for m in matches {
        let (s, e) = m[0].expect("whole match");
        render_json_str(&text[prev..s], &mut out);
        out.push(',');
        render_groups(text, &m, &mut out);
        out.push(',');
        prev = e;
    }
    render_json_str(&text[prev..], &mut out);
    out.push(']');
    out
}

/// `split_matches` driven by the pruning model, i.e. libstdc++ exactly.
fn model_split(re: &Regex, text: &[u8]) -> Option<Vec<Captures>> {
    let prog = re.program_for_tests();
    let opts = |anchored, not_null| ModelOptions {
        whole: false,
        not_null,
        anchored,
        prune: true,
        budget: 20_000_000,
    };
    let mut out = Vec::new();
    let mut current = model_search(prog, text, 0, opts(false, false)).ok()?;
    while let Some(m) = current {
        let (s, e) = m[0].expect("whole match");
        out.push(m);
        let mut from = e;
        if s == e {
            if e == text.len() {
                break;
            }
            let again = model_search(prog, text, e, opts(true, true)).ok()?;
            if again.is_some() {
                current = again;
                continue;
            }
            from = e + 1;
        }
        current = model_search(prog, text, from, opts(false, false)).ok()?;
    }
    Some(out)
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Replays `REGEX_ORACLE_FILE` (from tools/fuzz_oracle.py): both the model
/// and the engine must agree with the oracle (cases the exponential model
/// gives up on are reported but not counted against it).
#[test]
#[ignore]
fn oracle_fuzz_file() {
    let path = std::env::var("REGEX_ORACLE_FILE").expect("set REGEX_ORACLE_FILE");
    let data = std::fs::read_to_string(path).expect("readable file");
    let (mut total, mut model_bad, mut engine_bad) = (0, 0, 0);
    for line in data.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (op, pattern, text, want) = (f[0], unhex(f[1]), unhex(f[2]), f[3]);
        let re = Regex::new(&pattern).expect("valid pattern");
        total += 1;
        let model = render_json(op, &text, &re, true);
        if model != want && model != "exhausted" {
            model_bad += 1;
            println!(
                "MODEL {op} {:?} {:?}: oracle {want} model {model}",
                String::from_utf8_lossy(&pattern),
                String::from_utf8_lossy(&text)
            );
        }
        let got = render_json(op, &text, &re, false);
        if got != want {
            engine_bad += 1;
            println!(
                "ENGINE {op} {:?} {:?}: oracle {want} engine {got}",
                String::from_utf8_lossy(&pattern),
                String::from_utf8_lossy(&text)
            );
        }
    }
    println!("{total} cases, model mismatches {model_bad}, engine mismatches {engine_bad}");
    assert_eq!(model_bad, 0);
    assert_eq!(engine_bad, 0);
}

/// Arbitrary byte soup never panics: it compiles or is rejected, and any
/// compiled pattern can be run on arbitrary text.
#[test]
fn random_patterns_never_panic() {
    const ALPHABET: &[u8] = b"ab.()[]{}^$*+?|\\-,0123:=xd]\x00\x80\xff";
    let mut r = Rng::new(99);
    let mut compiled = 0;
    for _ in 0..30_000 {
        let len = r.below(14);
        let pattern: Vec<u8> = (0..len)
            .map(|_| ALPHABET[r.below(ALPHABET.len())])
            .collect();
        let Ok(re) = Regex::new(&pattern) else {
            continue;
        };
        compiled += 1;
        for _ in 0..3 {
            let n = r.below(8);
            let text: Vec<u8> = (0..n).map(|_| ALPHABET[r.below(ALPHABET.len())]).collect();
            if let Some(c) = re.match_full(&text) {
                assert_eq!(c[0], Some((0, text.len())));
                assert_eq!(c.len(), re.group_count() + 1);
            }
            for m in re.split_matches(&text) {
                let (s, e) = m[0].expect("whole match");
                assert!(s <= e && e <= text.len());
                for (a, b) in m.iter().flatten() {
                    assert!(a <= b && *b <= text.len());
                }
            }
        }
    }
    assert!(compiled > 1_000, "only {compiled} patterns compiled");
}

/// Debug helper: shrinks a pattern on which engine and model disagree in
/// whole-match mode. `REGEX_SHRINK="pattern"` and `REGEX_SHRINK_TEXT`.
#[test]
#[ignore]
fn shrink_mismatch() {
    let mut pattern = std::env::var("REGEX_SHRINK").expect("pattern").into_bytes();
    let text = std::env::var("REGEX_SHRINK_TEXT")
        .expect("text")
        .into_bytes();
    let differs = |p: &[u8]| {
        let Ok(re) = Regex::new(p) else { return false };
        let opts = SearchOptions {
            start: 0,
            anchored: true,
            whole: true,
            not_null: false,
            plain: false,
        };
        let model_opts = ModelOptions {
            whole: true,
            not_null: false,
            anchored: true,
            prune: true,
            budget: 5_000_000,
        };
        match model_search(re.program_for_tests(), &text, 0, model_opts) {
            Ok(want) => engine(&re, &text, opts) != want,
            Err(_) => false,
        }
    };
    assert!(differs(&pattern));
    let mut progress = true;
    while progress {
        progress = false;
        for len in (1..=4).rev() {
            let mut i = 0;
            while i + len <= pattern.len() {
                let mut cand = pattern.clone();
                cand.drain(i..i + len);
                if differs(&cand) {
                    pattern = cand;
                    progress = true;
                } else {
                    i += 1;
                }
            }
        }
    }
    let re = Regex::new(&pattern).unwrap();
    println!("minimal: {:?}", String::from_utf8_lossy(&pattern));
    println!("engine {:?}", re.match_full(&text));
}
