//! The REPL on a terminal, driven through a pseudo-terminal: completion of a command, a
//! builtin and an attribute path; history recalled in a second session; Ctrl-C during a
//! long evaluation.
//!
//! Each test gets a fresh temporary `HOME` and XDG directories, so history from one run
//! never leaks into another. `cargo test --release --test repl_terminal` runs the Ctrl-C
//! test with the exact binding of issue 13.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use rexpect::session::{PtySession, spawn_command};

const PROMPT: &str = "nix-repl> ";
/// Generous, for a loaded machine: a step that should take milliseconds still passes.
const TIMEOUT_MS: u64 = 120_000;

/// A fresh directory standing for the user's home.
fn home(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("nixvm-pty-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("creating a temporary home");
    d
}

fn start(home: &PathBuf) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nixvm"));
    cmd.arg("repl")
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .current_dir(home);
    let mut p = spawn_command(cmd, Some(TIMEOUT_MS)).expect("starting nixvm repl");
    p.exp_string(PROMPT).expect("the first prompt");
    p
}

/// Sends keys as typed (rexpect buffers what it sends until flushed).
fn type_keys(p: &mut PtySession, keys: &str) {
    p.send(keys).expect("sending keys");
    p.flush().expect("flushing keys");
}

fn quit(mut p: PtySession) {
    p.send_line(":q").expect("sending :q");
    p.exp_eof().expect("the REPL ends");
}

#[test]
fn tab_completes_a_command() {
    let h = home("command");
    let mut p = start(&h);
    type_keys(&mut p, ":reloa\t");
    p.exp_string("d").expect(":reloa completes to :reload");
    type_keys(&mut p, "\r");
    p.exp_string(PROMPT).unwrap();
    quit(p);
}

#[test]
fn tab_completes_a_builtin() {
    let h = home("builtin");
    let mut p = start(&h);
    type_keys(&mut p, "builtins.genLi\t");
    p.exp_string("st")
        .expect("builtins.genLi completes to builtins.genList");
    type_keys(&mut p, " (x: x * 2) 3\r");
    // Whole lines of output: a lone digit or bracket would also match the terminal's escape
    // sequences (`\x1b[14D`).
    p.exp_string("[\r\n  0\r\n  2\r\n  4\r\n]\r\n")
        .expect("the completed builtin runs");
    p.exp_string(PROMPT).unwrap();
    quit(p);
}

#[test]
fn tab_completes_an_attribute_path() {
    let h = home("attrpath");
    let mut p = start(&h);
    p.send_line("pkgs = { lib = { strings = { concatWords = 1; }; other = 2; }; }")
        .unwrap();
    p.exp_string(PROMPT).unwrap();
    type_keys(&mut p, "pkgs.lib.str\t");
    p.exp_string("ings")
        .expect("pkgs.lib.str completes to pkgs.lib.strings");
    type_keys(&mut p, ".conc\t");
    p.exp_string("atWords").expect("and on to concatWords");
    type_keys(&mut p, "\r");
    p.exp_string("\r\n1\r\n")
        .expect("the completed path evaluates");
    p.exp_string(PROMPT).unwrap();
    // A path whose set fails to evaluate completes to nothing, without an error.
    type_keys(&mut p, "(throw \"no\").a\t\x15");
    p.send_line("2 + 2").unwrap();
    p.exp_string("\r\n4\r\n").unwrap();
    p.exp_string(PROMPT).unwrap();
    quit(p);
}

/// Lines sent in one go, as a paste or keys typed during an evaluation arrive, are each
/// evaluated: none is lost when the editor reads past the end of the first.
#[test]
fn lines_typed_ahead_are_each_evaluated() {
    let h = home("typeahead");
    let mut p = start(&h);
    type_keys(&mut p, "2 + 2\r3 + 3\r{\r  a = 4 + 4;\r}.a\r");
    p.exp_string("\r\n4\r\n").expect("the first line");
    p.exp_string("\r\n6\r\n").expect("the second line");
    p.exp_string("\r\n8\r\n")
        .expect("an expression over three lines");
    p.exp_string(PROMPT).unwrap();
    quit(p);
}

#[test]
fn history_is_recalled_in_a_second_session() {
    let h = home("history");
    let mut p = start(&h);
    p.send_line("1000 + 234").unwrap();
    p.exp_string("\r\n1234\r\n").unwrap();
    p.exp_string(PROMPT).unwrap();
    quit(p);
    let mut p = start(&h);
    // Up arrow twice (past `:q`), then Enter: the line from the first session runs again.
    type_keys(&mut p, "\x1b[A\x1b[A\r");
    p.exp_string("\r\n1234\r\n")
        .expect("the recalled line is evaluated");
    p.exp_string(PROMPT).unwrap();
    quit(p);
    assert!(
        h.join("state/nixvm/repl-history").exists(),
        "history is kept under XDG_STATE_HOME"
    );
}

/// A binding that takes many seconds to evaluate, and its value: in a release build the
/// scenario of issue 13 exactly (10^8 additions), in a debug build one that takes as long.
const LONG_BINDING: (&str, &str) = if cfg!(debug_assertions) {
    (
        "s = builtins.foldl' (a: i: a + builtins.foldl' (x: y: x + y) 0 \
         (builtins.genList (x: x) 300000)) 0 (builtins.genList (x: x) 10)",
        "449998500000",
    )
} else {
    (
        "s = builtins.foldl' (a: i: a + builtins.foldl' (x: y: x + y) 0 \
         (builtins.genList (x: x) 1000000)) 0 (builtins.genList (x: x) 100)",
        "49999950000000",
    )
};

/// A binding that takes many seconds, Ctrl-C one second into evaluating it, the prompt back
/// within a second, and the binding evaluated again afterwards to the right number (no
/// false "infinite recursion").
#[test]
fn ctrl_c_interrupts_the_evaluation_not_the_repl() {
    let h = home("interrupt");
    let mut p = start(&h);
    let (binding, value) = LONG_BINDING;
    p.send_line(binding).unwrap();
    p.exp_string(PROMPT).unwrap();
    p.send_line("s").unwrap();
    std::thread::sleep(Duration::from_secs(1));
    let sent = Instant::now();
    p.send_control('c').unwrap();
    p.exp_string("error: interrupted by the user")
        .expect("the evaluation is interrupted");
    p.exp_string(PROMPT).expect("back at the prompt");
    let took = sent.elapsed();
    eprintln!("the prompt came back {took:?} after Ctrl-C");
    assert!(
        took < Duration::from_secs(1),
        "the prompt came back {took:?} after Ctrl-C"
    );
    // Forcing the same thunk again evaluates it again, to the right number.
    p.send_line("s").unwrap();
    p.exp_string(value)
        .expect("s evaluates after the interrupt");
    p.exp_string(PROMPT).unwrap();
    quit(p);
}
