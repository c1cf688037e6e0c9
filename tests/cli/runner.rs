//! Golden tests of the command line, after Nix's own CLI characterisation tests: each
//! `NAME.cmd` in this directory is one invocation of `nix-instantiate`, and what it writes
//! must be `NAME.out.exp` (standard output) and `NAME.err.exp` (standard error).
//!
//! * `NAME.cmd`: the expected exit status on the first line, then one argument a line,
//!   verbatim (spaces and all). Lines starting with `#` are comments.
//! * `NAME.stdin`, if present, is fed on standard input.
//! * `NAME.env`, if present, sets environment variables, one `VAR=VALUE` a line (`\n` in
//!   a value stands for a newline).
//!
//! nixvm runs under the name `nix-instantiate` (a link to it in a temporary directory), so
//! that its messages name the program as Nix's do. Invocations run as the language corpus
//! runs (from `tests/`, with `NIX_PATH=lang/dir3:lang/dir4`, `HOME=/fake-home`), and the
//! directory `tests/` is written `/pwd` in the expected files.
//!
//! Where `nix-instantiate` (CppNix) is installed, every test is also run with it and must
//! give the same output and status, except the tests listed with a reason in
//! `oracle-known-differences.txt` (where current Nix, which nixvm follows, and the
//! installed CppNix 2.8 differ); a listed test that agrees with the oracle after all is
//! reported, so that the list stays true.
//!
//! `NIXVM_ACCEPT=1 cargo test --test cli` rewrites the expected files from nixvm's output
//! (review the diff against the oracle before committing it). A free argument filters
//! tests by name.

#[allow(dead_code)]
#[path = "../lang/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::time::Duration;

use corpus::{Finished, Layout, parallel_map, run_with_timeout};

const TIMEOUT: Duration = Duration::from_secs(60);

/// One test: its invocation, read from its files.
struct Case {
    name: String,
    status: i32,
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    env: Vec<(String, String)>,
}

fn read_case(dir: &Path, name: &str) -> Result<Case, String> {
    let file = |ext: &str| dir.join(format!("{name}.{ext}"));
    let cmd = std::fs::read_to_string(file("cmd")).map_err(|e| format!("{name}.cmd: {e}"))?;
    let mut lines = cmd.lines().filter(|l| !l.starts_with('#'));
    let status = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| format!("{name}.cmd: the first line must be the exit status"))?;
    let args = lines.map(String::from).collect();
    let stdin = std::fs::read(file("stdin")).ok();
    let env = std::fs::read_to_string(file("env"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.replace("\\n", "\n")))
        .collect();
    Ok(Case {
        name: name.to_string(),
        status,
        args,
        stdin,
        env,
    })
}

/// Runs `program` as the corpus runs its tests.
fn run(layout: &Layout, program: &Path, case: &Case, oracle: bool) -> Result<Finished, String> {
    let mut cmd = layout.command(program);
    cmd.args(&case.args);
    for (k, v) in &case.env {
        cmd.env(k, v);
    }
    if oracle {
        cmd.env("NIX_REMOTE", "dummy://");
    }
    run_with_timeout(cmd, case.stdin.clone(), TIMEOUT)
}

/// What a run printed, as the expected files hold it.
fn outputs(layout: &Layout, done: &Finished) -> (String, String) {
    (layout.scrub(&done.stdout), layout.scrub(&done.stderr))
}

/// Checks a run against the case's expectations.
fn check(dir: &Path, layout: &Layout, case: &Case, done: &Finished) -> Result<(), String> {
    let (out, err) = outputs(layout, done);
    if done.code != case.status {
        return Err(format!(
            "exit status {}, expected {}; stderr:\n{err}",
            done.code, case.status
        ));
    }
    corpus::same_as_file(&dir.join(format!("{}.out.exp", case.name)), &out)?;
    corpus::same_as_file(&dir.join(format!("{}.err.exp", case.name)), &err)
}

/// The tests listed in `oracle-known-differences.txt` (`NAME  reason` a line).
fn known_differences(dir: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(dir.join("oracle-known-differences.txt"))
        .map_err(|e| format!("oracle-known-differences.txt: {e}"))?;
    text.lines()
        .map(|l| match l.split_once("  ") {
            Some((name, reason)) if !name.is_empty() && !reason.trim().is_empty() => {
                Ok(name.to_string())
            }
            _ => Err(format!(
                "oracle-known-differences.txt: expected `NAME  reason`: {l:?}"
            )),
        })
        .collect()
}

/// A directory holding a link named `nix-instantiate` to the binary under test.
fn program_link() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nixvm-cli-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating a temporary directory");
    let link = dir.join("nix-instantiate");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_nixvm"), &link).expect("linking nixvm");
    link
}

fn oracle_installed() -> bool {
    std::process::Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cli");
    let dir = dir.canonicalize().expect("tests/cli exists");
    let layout = Layout::find();
    let accept = std::env::var_os("NIXVM_ACCEPT").is_some();
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("reading tests/cli")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".cmd").map(String::from)
        })
        .filter(|n| filter.as_ref().is_none_or(|f| n.contains(f.as_str())))
        .collect();
    names.sort();
    let known = known_differences(&dir).unwrap_or_else(|e| panic!("{e}"));
    let nixvm = program_link();
    let oracle = oracle_installed();
    if !oracle {
        println!("cli: nix-instantiate is not installed; the oracle checks nothing");
    }

    let outcomes = parallel_map(&names, |name| -> Result<(), String> {
        let case = read_case(&dir, name)?;
        let done = run(&layout, &nixvm, &case, false)?;
        if accept {
            let (out, err) = outputs(&layout, &done);
            let write = |ext: &str, text: &str| {
                std::fs::write(dir.join(format!("{name}.{ext}")), text).map_err(|e| e.to_string())
            };
            write("out.exp", &out)?;
            write("err.exp", &err)?;
            if done.code != case.status {
                return Err(format!(
                    "exit status {}, expected {}",
                    done.code, case.status
                ));
            }
            return Ok(());
        }
        check(&dir, &layout, &case, &done)?;
        if oracle {
            let theirs = run(&layout, Path::new("nix-instantiate"), &case, true)?;
            match (check(&dir, &layout, &case, &theirs), known.contains(name)) {
                (Err(e), false) => return Err(format!("the oracle disagrees: {e}")),
                (Ok(()), true) => {
                    return Err(
                        "listed in oracle-known-differences.txt, but the oracle agrees".into(),
                    );
                }
                _ => {}
            }
        }
        Ok(())
    });

    let mut failed = 0;
    for (name, outcome) in names.iter().zip(&outcomes) {
        if let Err(detail) = outcome {
            failed += 1;
            println!("FAIL {name}\n{detail}\n");
        }
    }
    for k in &known {
        if !dir.join(format!("{k}.cmd")).exists() {
            failed += 1;
            println!("FAIL oracle-known-differences.txt lists {k}, which is not a test");
        }
    }
    let _ = std::fs::remove_dir_all(nixvm.parent().expect("the link is in a directory"));
    println!(
        "cli: {} tests, {} passed, {failed} failed",
        names.len(),
        names.len() - failed.min(names.len())
    );
    if failed > 0 {
        std::process::exit(1);
    }
}
