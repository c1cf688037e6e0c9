//! The properties the fuzz targets check. Each panics when it finds a violation, which is
//! what the fuzzer reports.

use nixvm::{Error, ErrorKind, Evaluator, Limits};

use super::program;

/// Deepest nesting of calls a fuzzed program may reach: deep enough for any real program
/// the fuzzer finds, shallow enough that a runaway recursion ends at once.
const MAX_CALL_DEPTH: usize = 10_000;

/// Steps a fuzzed program may take: enough for any small program that does real work, few
/// enough that a slow one is reported as such within a second.
const MAX_STEPS: u64 = 2_000_000;

/// The memory a fuzzed program may use: a hungry one is reported as such, well before
/// the fuzzer's own limit (`-rss_limit_mb`) would count it as a finding.
const MAX_MEMORY: u64 = 1 << 30;

/// An evaluator with the fuzzing limits (depth, steps, memory), pure, and with its
/// messages discarded.
pub fn evaluator() -> Evaluator {
    Evaluator::builder()
        .limits(Limits {
            max_call_depth: MAX_CALL_DEPTH,
            max_steps: Some(MAX_STEPS),
            max_memory: Some(MAX_MEMORY),
            ..Limits::default()
        })
        .messages(|_| {})
        .build()
}

/// Whether the rendered error names a position `FILE:LINE:COL`.
pub fn names_position(rendered: &str) -> bool {
    rendered.split_whitespace().any(|word| {
        let word = word.strip_suffix(':').unwrap_or(word);
        let mut parts = word.rsplitn(3, ':');
        let (Some(col), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        !file.is_empty() && digits(line) && digits(col)
    })
}

/// The front end: text Nix's grammar accepts compiles; text it rejects fails with a
/// located error.
pub fn parse(data: &[u8]) {
    let ev = evaluator();
    if let Err(e) = ev.compile(data, "«fuzz»", std::path::Path::new("/fuzz")) {
        check_error(&e, data);
    }
}

/// How nixvm's message starts when it cannot read a program Nix reads (eval/src/parse.rs).
const REFUSAL: &str = "nixvm cannot read this program yet";

/// Findings reported and not fixed yet (see the file).
const OPEN_FINDINGS: &str = include_str!("../open-findings.txt");

/// Whether a violation of `kind` by an error with `message` is an open finding.
fn is_open_finding(kind: &str, message: &str) -> bool {
    OPEN_FINDINGS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once("  ")?.0.split_once(':'))
        .any(|(k, text)| k == kind && message.contains(text))
}

/// An error must be located, and must not be nixvm refusing what Nix reads.
fn check_error(e: &Error, source: &[u8]) {
    let text = String::from_utf8_lossy(source);
    let message = e.message();
    assert!(
        names_position(e.rendered()) || is_open_finding("no-position", e.rendered()),
        "an error without a position:\n{}\nfor the program:\n{text}",
        e.rendered()
    );
    // nixvm reads text as UTF-8; Nix also takes other bytes inside strings and comments.
    // That one refusal is a known limitation, every other one is a finding.
    // Told apart by its kind and the start of its message: the rest of a message may quote
    // the program, which can hold any text.
    let refused = matches!(e.kind(), ErrorKind::Unsupported(m) if m.starts_with(REFUSAL));
    let not_utf8 = std::str::from_utf8(source).is_err();
    assert!(
        !refused || not_utf8 || is_open_finding("refused", &message),
        "nixvm refuses a program Nix accepts:\n{}\nthe program:\n{text}",
        e.rendered()
    );
}

/// Whether an error is one of the limits ending an evaluation.
fn is_limit(e: &Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::StackOverflow | ErrorKind::OutOfMemory(_) | ErrorKind::LimitExceeded(_)
    )
}

/// Evaluates `source` deeply and prints it: a value or a located error.
pub fn eval(source: &[u8]) {
    let ev = evaluator();
    let text = String::from_utf8_lossy(source);
    let lambda = match ev.compile(source, "«fuzz»", std::path::Path::new("/fuzz")) {
        Ok(l) => l,
        Err(e) => return check_error(&e, source),
    };
    let printed = ev.run(lambda).and_then(|v| ev.print(&v, true));
    match printed {
        Ok(out) => check_reprint(&out, &text),
        Err(e) => {
            if !is_limit(&e) {
                check_error(&e, source);
            }
        }
    }
    // The evaluator is still usable after whatever happened.
    let after = ev;
    let v = after
        .eval_expr("1 + 1")
        .expect("the evaluator works after an evaluation");
    assert_eq!(after.print(&v, true).expect("prints"), "2");
}

/// A printed value that is plain data is itself a program with the same value.
fn check_reprint(out: &str, program: &str) {
    // Functions, repeated values, paths (printed absolute), store paths, negative numbers
    // (`[ -1 ]` is a subtraction), floats in exponent form, `inf` and `nan` do not read
    // back as themselves; a long value may nest deeper than the parser allows.
    if out.len() > 10_000
        || out.contains(['<', '«', '/', '-', '+'])
        || out.contains("inf")
        || out.contains("nan")
    {
        return;
    }
    let ev = evaluator();
    let again = match ev.eval_expr(out).and_then(|v| ev.print(&v, true)) {
        Ok(again) => again,
        Err(e) => panic!(
            "the printed value does not read back:\n{out}\n{}\nthe program:\n{program}",
            e.rendered()
        ),
    };
    assert_eq!(
        again, out,
        "the printed value reads back differently; the program:\n{program}"
    );
}

/// A generated program parses, and evaluates to a value or a located error.
pub fn generated(data: &[u8]) {
    let opts = program::Options {
        huge: true,
        ..program::Options::default()
    };
    let program = program::generate(data, &opts);
    let ev = evaluator();
    if let Err(e) = ev.compile(&program, "«fuzz»", std::path::Path::new("/fuzz")) {
        panic!(
            "a generated program does not compile:\n{}\nthe program:\n{program}",
            e.rendered()
        );
    }
    eval(program.as_bytes());
}
