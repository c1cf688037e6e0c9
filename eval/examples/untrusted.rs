//! Evaluates input nobody vouches for: a pure evaluator (no files, no environment), with a
//! step budget, a deadline, a call depth limit and a memory ceiling, so that any program
//! ends quickly with a value or an error, and the evaluator stays usable.
//!
//! `cargo run --example untrusted -- 'EXPR'` (without an argument: a few hostile ones).

use std::time::Duration;

use nixvm::{ErrorKind, Evaluator, Limit, Limits};

/// An evaluator for untrusted input.
pub fn sandbox() -> Evaluator {
    Evaluator::builder()
        .limits(Limits {
            max_call_depth: 10_000,
            max_steps: Some(100_000),
            timeout: Some(Duration::from_secs(2)),
            max_memory: Some(256 << 20),
        })
        // Traces and warnings are part of the output we return, not our standard error.
        .messages(|_| {})
        .build()
}

/// What happened to one expression, in one line.
pub fn judge(ev: &Evaluator, expr: &str) -> String {
    let result = ev.eval_expr(expr).and_then(|v| v.print(true));
    match result {
        Ok(text) => format!("value: {text}"),
        Err(e) => {
            let what = match e.kind() {
                ErrorKind::LimitExceeded(Limit::Steps(_)) => "too much work",
                ErrorKind::LimitExceeded(Limit::Time(_)) => "too slow",
                ErrorKind::StackOverflow => "too deep",
                ErrorKind::OutOfMemory(_) => "too hungry",
                ErrorKind::Interrupted => "interrupted",
                ErrorKind::Restricted(_) => "not allowed",
                ErrorKind::Parse(_) => "not Nix",
                _ => "error",
            };
            let at = e.location().map(|l| format!(" at {l}")).unwrap_or_default();
            format!("{what}{at}: {}", e.message())
        }
    }
}

pub const HOSTILE: &[&str] = &[
    "1 + 2",
    "let loop = x: loop x; in loop 1",
    "let f = n: if n == 0 then 1 else f (n - 1) + f (n - 1); in f 100",
    "let f = n: 1 + f (n + 1); in f 0",
    "builtins.readFile /etc/passwd",
    "builtins.getEnv \"HOME\"",
    "{ a = ",
    "builtins.length (builtins.genList (x: x) 1000000000000)",
];

#[allow(dead_code)]
fn main() {
    let ev = sandbox();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let inputs: Vec<&str> = if args.is_empty() {
        HOSTILE.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    for expr in inputs {
        println!("{expr}\n  => {}", judge(&ev, expr));
    }
}
