//! The runner of the language conformance corpus in `tests/lang`.
//!
//! It follows the layout and conventions of Nix's own language tests:
//!
//! * `eval-okay-NAME.nix` must evaluate (`--eval --strict`, plus the flags in
//!   `NAME.flags` if present) and print exactly `NAME.exp`, and on standard error exactly
//!   `NAME.err.exp` if that exists (warnings); with `NAME.exp.xml` instead, it is evaluated
//!   with `--xml --no-location`;
//! * `eval-fail-NAME.nix` must fail with exit status 1, and if `NAME.err.exp` exists, print
//!   exactly that on standard error (the directory above `lang/` is written `/pwd`);
//! * `parse-okay-NAME.nix` must parse (`--parse`) and print `NAME.exp`;
//! * `parse-fail-NAME.nix` must fail to parse, printing `NAME.err.exp` if present.
//!
//! Tests are run from the directory above `lang/`, with `NIX_PATH=lang/dir3:lang/dir4`,
//! `HOME=/fake-home` and `TEST_VAR=foo`, as Nix's `lang.sh` runs them.
//!
//! Tests in `lang/notyetpassing/` are known not to pass yet; the runner requires them to
//! fail, so that fixing one forces it to be moved into the corpus proper.
//!
//! Every error an `eval-fail` test prints must name its position (`FILE:LINE:COL`): a
//! message without one is a failure even where no `.err.exp` pins the whole text.
//!
//! `NIXVM_ACCEPT=1 cargo test --test lang` rewrites the expected files from nixvm's output
//! (review the diff against the oracle before committing it). A free argument filters tests
//! by name.

// The runner and the oracle check each use only part of the shared module.
#[allow(dead_code)]
mod corpus;

use std::path::{Path, PathBuf};
use std::time::Duration;

use corpus::{Case, Kind, Layout, names_position, parallel_map, run_with_timeout};

const TIMEOUT: Duration = Duration::from_secs(120);

struct Env {
    bin: PathBuf,
    layout: Layout,
    accept: bool,
}

impl Env {
    /// Compares `actual` with the file `expected`, or writes it when accepting. The
    /// expectations of tests not passing yet are Nix's output, never rewritten from nixvm's.
    fn check_file(
        &self,
        case: &Case,
        expected: &Path,
        actual: &str,
        required: bool,
    ) -> Result<(), String> {
        if self.accept && !case.not_yet_passing {
            if required || expected.exists() || !actual.is_empty() {
                std::fs::write(expected, actual)
                    .map_err(|e| format!("writing {}: {e}", expected.display()))?;
            }
            return Ok(());
        }
        let want = match std::fs::read(expected) {
            Ok(w) => String::from_utf8_lossy(&w).into_owned(),
            Err(_) if !required => return Ok(()),
            Err(_) => return Err(format!("missing expected file {}", expected.display())),
        };
        corpus::same_output(expected, &want, actual)
    }

    fn expect_code(&self, code: i32, want: i32, stderr: &[u8]) -> Result<(), String> {
        if code == want {
            Ok(())
        } else {
            Err(format!(
                "exit status {code}, expected {want}; stderr:\n{}",
                self.layout.scrub(stderr)
            ))
        }
    }

    fn run(&self, case: &Case) -> Result<(), String> {
        let file = case.relative_file(&self.layout.root);
        match case.kind {
            Kind::EvalOkay => {
                let (args, expected) = case.eval_okay_invocation();
                let mut cmd = self.layout.command(&self.bin);
                cmd.args(args).arg(&file);
                let done = run_with_timeout(cmd, None, TIMEOUT)?;
                self.expect_code(done.code, 0, &done.stderr)?;
                self.check_file(case, &expected, &self.layout.scrub(&done.stdout), true)?;
                let err = case.sibling("err.exp");
                if err.exists() {
                    self.check_file(case, &err, &self.layout.scrub(&done.stderr), false)?;
                }
                Ok(())
            }
            Kind::EvalFail => {
                let mut cmd = self.layout.command(&self.bin);
                cmd.args(case.eval_fail_invocation()).arg(&file);
                let done = run_with_timeout(cmd, None, TIMEOUT)?;
                self.expect_code(done.code, 1, &done.stderr)?;
                let stderr = self.layout.scrub(&done.stderr);
                self.check_file(case, &case.sibling("err.exp"), &stderr, false)?;
                if names_position(&stderr) {
                    Ok(())
                } else {
                    Err(format!(
                        "the error names no FILE:LINE:COL position:\n{stderr}"
                    ))
                }
            }
            Kind::ParseOkay | Kind::ParseFail => {
                let src = std::fs::read(case.dir.join(format!("{}.nix", case.stem)))
                    .map_err(|e| format!("reading test: {e}"))?;
                let mut cmd = self.layout.command(&self.bin);
                cmd.args(["--parse", "-"]);
                let done = run_with_timeout(cmd, Some(src), TIMEOUT)?;
                if case.kind == Kind::ParseOkay {
                    self.expect_code(done.code, 0, &done.stderr)?;
                    self.check_file(
                        case,
                        &case.sibling("exp"),
                        &self.layout.scrub(&done.stdout),
                        true,
                    )
                } else {
                    self.expect_code(done.code, 1, &done.stderr)?;
                    let stderr = self.layout.scrub(&done.stderr);
                    self.check_file(case, &case.sibling("err.exp"), &stderr, false)
                }
            }
        }
    }
}

fn main() {
    let env = Env {
        bin: PathBuf::from(env!("CARGO_BIN_EXE_nixvm")),
        layout: Layout::find(),
        accept: std::env::var_os("NIXVM_ACCEPT").is_some(),
    };
    // `cargo test` passes libtest flags; the first argument that is not a flag filters.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let cases = env.layout.cases(filter.as_deref());

    let outcomes = parallel_map(&cases, |case| {
        let result = env.run(case);
        match (case.not_yet_passing, result) {
            (false, r) => r,
            (true, Err(_)) => Ok(()),
            (true, Ok(())) => Err("passes now: move it out of notyetpassing/".into()),
        }
    });

    let mut failed = 0;
    for (case, outcome) in cases.iter().zip(&outcomes) {
        if let Err(detail) = outcome {
            failed += 1;
            println!("FAIL {}\n{detail}\n", case.name());
        }
    }
    let not_yet = cases.iter().filter(|c| c.not_yet_passing).count();
    println!(
        "lang: {} tests, {} passed, {} failed ({} in notyetpassing/, required to fail)",
        outcomes.len(),
        outcomes.len() - failed,
        failed,
        not_yet
    );
    if failed > 0 {
        std::process::exit(1);
    }
}
