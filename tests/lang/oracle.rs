//! The oracle check: the corpus's expectations are CppNix's behaviour, not nixvm's.
//!
//! For every `eval-okay` test (those in `notyetpassing/` too) it runs `nix-instantiate`
//! exactly as the runner runs nixvm — same flags (`.flags`, or `--xml --no-location` for an
//! `.exp.xml`), environment and working directory — and requires its output to be the
//! test's expected file byte for byte; likewise `parse-okay` tests with `--parse`. Every
//! `eval-fail` and `parse-fail` test must make `nix-instantiate` fail too. Tests where current Nix (which nixvm follows) differs from the installed
//! CppNix 2.8 are listed, with the reason, in `oracle-known-differences.txt`; a listed
//! `eval-okay` test that agrees with the oracle after all is reported, so the list stays
//! true.
//!
//! CppNix recurses on the C stack, so tests that must succeed run it under `ulimit -s
//! unlimited` (the deep tests would overflow a default stack); a failing test passes if
//! CppNix exits with any failure, a crash on unbounded recursion included. It runs against
//! the dummy store, or a fresh local store for a
//! test with a line `# oracle: local-store` (one that reads back what it writes).
//!
//! Where `nix-instantiate` is not installed, this says so and checks nothing.
//! `cargo test --test oracle FILTER` checks the tests whose name contains FILTER.

// The runner and the oracle check each use only part of the shared module.
#[allow(dead_code)]
mod corpus;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use corpus::{Case, Kind, Layout, TestList, parallel_map, run_with_timeout};

const TIMEOUT: Duration = Duration::from_secs(120);

/// Runs the oracle's `nix-instantiate` with `args` as the runner would run nixvm: on the
/// test's file, or with the file on standard input for a parse test.
fn oracle(layout: &Layout, case: &Case, args: &[String]) -> Result<corpus::Finished, String> {
    // The shell raises the stack limit for tests that must succeed. Failing tests keep the
    // default stack: unbounded recursion would otherwise grow CppNix's stack until memory
    // runs out, where the default limit makes it crash at once (which counts as failing).
    let mut cmd = layout.command(Path::new("sh"));
    let raise = if matches!(case.kind, Kind::EvalOkay | Kind::ParseOkay) {
        "ulimit -s unlimited 2>/dev/null || ulimit -s \"$(ulimit -Hs)\"; "
    } else {
        ""
    };
    cmd.arg("-c")
        .arg(format!("{raise}exec nix-instantiate \"$@\""))
        .arg("nix-instantiate");
    let source = std::fs::read_to_string(case.sibling("nix")).unwrap_or_default();
    let store = if source.lines().any(|l| l == "# oracle: local-store") {
        let dir =
            std::env::temp_dir().join(format!("nixvm-oracle-{}-{}", std::process::id(), case.stem));
        let _ = std::fs::create_dir_all(&dir);
        cmd.env("NIX_REMOTE", &dir);
        cmd.args([
            "--store".as_ref(),
            dir.as_os_str(),
            "--read-write-mode".as_ref(),
        ]);
        Some(dir)
    } else {
        cmd.env("NIX_REMOTE", "dummy://");
        None
    };
    let parse = matches!(case.kind, Kind::ParseOkay | Kind::ParseFail);
    let stdin = if parse {
        cmd.args(args).arg("-");
        Some(source.into_bytes())
    } else {
        cmd.args(args).arg(case.relative_file(&layout.root));
        None
    };
    let done = run_with_timeout(cmd, stdin, TIMEOUT);
    if let Some(dir) = store {
        // A local store makes its files read-only; make them writable to remove them.
        let _ = Command::new("chmod")
            .arg("-R")
            .arg("u+w")
            .arg(&dir)
            .status();
        let _ = std::fs::remove_dir_all(&dir);
    }
    done
}

/// What checking one test found.
enum Verdict {
    Agrees,
    Skipped,
    Fails(String),
}

fn check(layout: &Layout, known: &TestList, case: &Case) -> Verdict {
    let listed = known.contains(&case.name());
    match case.kind {
        Kind::EvalOkay | Kind::ParseOkay => {
            let (args, expected) = if case.kind == Kind::EvalOkay {
                case.eval_okay_invocation()
            } else {
                (vec!["--parse".to_string()], case.sibling("exp"))
            };
            let want = match std::fs::read(&expected) {
                Ok(w) => String::from_utf8_lossy(&w).into_owned(),
                Err(e) => return Verdict::Fails(format!("{}: {e}", expected.display())),
            };
            let done = match oracle(layout, case, &args) {
                Ok(done) => done,
                Err(e) => return Verdict::Fails(e),
            };
            let got = layout.scrub(&done.stdout);
            let agrees = done.code == 0 && got == want;
            match (agrees, listed) {
                (true, false) => Verdict::Agrees,
                (false, true) => Verdict::Skipped,
                (true, true) => Verdict::Fails(
                    "listed as a known difference, but the oracle agrees: remove it from \
                     oracle-known-differences.txt"
                        .into(),
                ),
                (false, false) if done.code != 0 => Verdict::Fails(format!(
                    "nix-instantiate exited with {}:\n{}",
                    done.code,
                    layout.scrub(&done.stderr)
                )),
                (false, false) => Verdict::Fails(format!(
                    "nix-instantiate's output differs from {}:\n{}",
                    expected.display(),
                    pretty_assertions::StrComparison::new(&want, &got)
                )),
            }
        }
        Kind::EvalFail | Kind::ParseFail if listed => Verdict::Skipped,
        Kind::EvalFail | Kind::ParseFail => {
            let args = if case.kind == Kind::EvalFail {
                case.eval_fail_invocation()
            } else {
                vec!["--parse".to_string()]
            };
            match oracle(layout, case, &args) {
                Ok(done) if done.code != 0 => Verdict::Agrees,
                Ok(done) => Verdict::Fails(format!(
                    "nix-instantiate succeeded where the test expects a failure; stdout:\n{}",
                    layout.scrub(&done.stdout)
                )),
                Err(e) => Verdict::Fails(e),
            }
        }
    }
}

fn main() {
    let installed = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        println!("oracle: nix-instantiate is not installed; nothing was checked");
        return;
    }
    let layout = Layout::find();
    let known = match TestList::read(&layout, "oracle-known-differences.txt") {
        Ok(k) => k,
        Err(e) => {
            println!("FAIL oracle-known-differences.txt\n{e}");
            std::process::exit(1);
        }
    };
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let cases = layout.cases(filter.as_deref());

    let mut failed = Vec::new();
    // Every listed name must be a test of the corpus.
    if filter.is_none() {
        for (name, _) in &known.entries {
            if !cases.iter().any(|c| &c.name() == name) {
                failed.push(format!(
                    "FAIL oracle-known-differences.txt\n{name} is not a test of the corpus\n"
                ));
            }
        }
    }
    let verdicts = parallel_map(&cases, |case| check(&layout, &known, case));
    let (mut okay, mut fail, mut skipped) = (0, 0, 0);
    for (case, verdict) in cases.iter().zip(verdicts) {
        match verdict {
            Verdict::Agrees if matches!(case.kind, Kind::EvalOkay | Kind::ParseOkay) => okay += 1,
            Verdict::Agrees => fail += 1,
            Verdict::Skipped => skipped += 1,
            Verdict::Fails(why) => failed.push(format!("FAIL {}\n{why}\n", case.name())),
        }
    }
    for f in &failed {
        println!("{f}");
    }
    println!(
        "oracle: {okay} outputs equal nix-instantiate's, {fail} failing tests fail under it \
         too, {skipped} listed as known differences; {} passed, {} failed",
        okay + fail,
        failed.len()
    );
    if !failed.is_empty() {
        std::process::exit(1);
    }
}
