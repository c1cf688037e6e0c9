//! The command line when its reader leaves early: `nixvm --parse f | head -c 10` and a
//! REPL piped into `head` must finish as Nix does (the rest of the output is lost, the
//! status is what it would have been), never panic on the failed write.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

/// Runs nixvm with `args`, feeding it `stdin`, reads `keep` bytes of its standard output,
/// closes the pipe and returns the exit status and everything written to standard error.
fn run_and_leave(args: &[&str], stdin: &str, keep: usize) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nixvm"))
        .args(args)
        .env("NIX_PATH", "")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nixvm starts");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    let mut out = child.stdout.take().unwrap();
    let mut first = vec![0; keep];
    out.read_exact(&mut first)
        .expect("some output before leaving");
    drop(out);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

/// Far more output than a pipe holds (64 KiB), so the writer meets the closed end.
fn long_source() -> String {
    let names: Vec<String> = (0..20_000).map(|i| format!("a{i} = {i};")).collect();
    format!("{{ {} }}", names.join(" "))
}

#[test]
fn parse_output_to_a_closed_pipe() {
    let (code, err) = run_and_leave(&["--parse", "-"], &long_source(), 10);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn eval_output_to_a_closed_pipe() {
    let (code, err) = run_and_leave(&["--eval", "--strict", "-"], &long_source(), 10);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn repl_output_to_a_closed_pipe() {
    let lines = ":?\n".repeat(2_000);
    let (code, err) = run_and_leave(&["repl"], &lines, 10);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code, Some(0), "{err}");
}
