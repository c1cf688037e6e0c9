//! The runner of the language conformance corpus in `tests/lang`.
//!
//! It follows the layout and conventions of Nix's own language tests:
//!
//! * `eval-okay-NAME.nix` must evaluate (`--eval --strict`, plus the flags in
//!   `NAME.flags` if present) and print exactly `NAME.exp`; with `NAME.exp.xml` instead,
//!   it is evaluated with `--xml --no-location`;
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
//! `NIXVM_ACCEPT=1 cargo test --test lang` rewrites the expected files from nixvm's output
//! (review the diff against the oracle before committing it). A free argument filters tests
//! by name.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    EvalOkay,
    EvalFail,
    ParseOkay,
    ParseFail,
}

struct Case {
    kind: Kind,
    /// File name without `.nix`.
    stem: String,
    /// Directory holding the test (`lang` or `lang/notyetpassing`).
    dir: PathBuf,
    not_yet_passing: bool,
}

struct Outcome {
    name: String,
    passed: bool,
    detail: String,
}

const TIMEOUT: Duration = Duration::from_secs(120);

fn collect(dir: &Path, not_yet_passing: bool, out: &mut Vec<Case>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".nix") else {
            continue;
        };
        let kind = if stem.starts_with("eval-okay-") {
            Kind::EvalOkay
        } else if stem.starts_with("eval-fail-") {
            Kind::EvalFail
        } else if stem.starts_with("parse-okay-") {
            Kind::ParseOkay
        } else if stem.starts_with("parse-fail-") {
            Kind::ParseFail
        } else {
            continue;
        };
        out.push(Case {
            kind,
            stem: stem.to_string(),
            dir: dir.to_path_buf(),
            not_yet_passing,
        });
    }
}

/// Runs `cmd` with a time limit, returning (exit code, stdout, stderr).
fn run_with_timeout(
    mut cmd: Command,
    stdin: Option<Vec<u8>>,
) -> Result<(i32, Vec<u8>, Vec<u8>), String> {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = cmd.spawn().map_err(|e| format!("cannot run nixvm: {e}"))?;
    if let Some(input) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("piped stdin");
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    // Read both pipes on threads so a large output cannot block the child.
    let mut out_pipe = child.stdout.take().expect("piped stdout");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out_pipe, &mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err_pipe, &mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {}s", TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for nixvm: {e}")),
        }
    };
    let out = out_t.join().unwrap_or_default();
    let err = err_t.join().unwrap_or_default();
    // A signal (a crash) has no exit code.
    Ok((status.code().unwrap_or(-1), out, err))
}

fn read_flags(path: &Path) -> Vec<String> {
    match std::fs::read_to_string(path) {
        Ok(s) => s
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""))
            .flat_map(|l| l.split_whitespace())
            .map(String::from)
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn diff(expected: &str, actual: &str) -> String {
    format!(
        "{}",
        pretty_assertions::StrComparison::new(expected, actual)
    )
}

struct Env {
    bin: PathBuf,
    /// The directory above `lang/`, which outputs call `/pwd`.
    root: PathBuf,
    accept: bool,
}

impl Env {
    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.current_dir(&self.root)
            .env("NIX_PATH", "lang/dir3:lang/dir4")
            .env("HOME", "/fake-home")
            .env("TEST_VAR", "foo")
            .env_remove("NIX_STORE_DIR");
        cmd
    }

    fn scrub(&self, bytes: &[u8]) -> String {
        let s = String::from_utf8_lossy(bytes);
        s.replace(&*self.root.to_string_lossy(), "/pwd")
    }

    /// Compares `actual` with the file `expected`, or writes it when accepting.
    fn check_file(&self, expected: &Path, actual: &str, required: bool) -> Result<(), String> {
        if self.accept {
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
        if want == actual {
            Ok(())
        } else {
            Err(format!(
                "output differs from {}:\n{}",
                expected.display(),
                diff(&want, actual)
            ))
        }
    }

    fn run(&self, case: &Case) -> Result<(), String> {
        let rel_dir = case
            .dir
            .strip_prefix(&self.root)
            .unwrap_or(&case.dir)
            .to_path_buf();
        let file = rel_dir.join(format!("{}.nix", case.stem));
        let sibling = |ext: &str| case.dir.join(format!("{}.{ext}", case.stem));
        match case.kind {
            Kind::EvalOkay => {
                let mut cmd = self.command();
                let xml = sibling("exp.xml").exists();
                if xml {
                    cmd.args(["--eval", "--xml", "--no-location", "--strict"]);
                } else {
                    cmd.args(read_flags(&sibling("flags")));
                    cmd.args(["--eval", "--strict"]);
                }
                cmd.arg(&file);
                let (code, out, err) = run_with_timeout(cmd, None)?;
                if code != 0 {
                    return Err(format!(
                        "exit status {code}, expected 0; stderr:\n{}",
                        self.scrub(&err)
                    ));
                }
                let expected = if xml {
                    sibling("exp.xml")
                } else {
                    sibling("exp")
                };
                self.check_file(&expected, &self.scrub(&out), true)
            }
            Kind::EvalFail => {
                let mut cmd = self.command();
                let flags = sibling("flags");
                if flags.exists() {
                    cmd.args(read_flags(&flags));
                } else {
                    cmd.args(["--eval", "--strict", "--show-trace"]);
                }
                cmd.arg(&file);
                let (code, _out, err) = run_with_timeout(cmd, None)?;
                if code != 1 {
                    return Err(format!(
                        "exit status {code}, expected 1; stderr:\n{}",
                        self.scrub(&err)
                    ));
                }
                self.check_file(&sibling("err.exp"), &self.scrub(&err), false)
            }
            Kind::ParseOkay | Kind::ParseFail => {
                let src = std::fs::read(case.dir.join(format!("{}.nix", case.stem)))
                    .map_err(|e| format!("reading test: {e}"))?;
                let mut cmd = self.command();
                cmd.args(["--parse", "-"]);
                let (code, out, err) = run_with_timeout(cmd, Some(src))?;
                if case.kind == Kind::ParseOkay {
                    if code != 0 {
                        return Err(format!(
                            "exit status {code}, expected 0; stderr:\n{}",
                            self.scrub(&err)
                        ));
                    }
                    self.check_file(&sibling("exp"), &self.scrub(&out), true)
                } else {
                    if code != 1 {
                        return Err(format!(
                            "exit status {code}, expected 1; stderr:\n{}",
                            self.scrub(&err)
                        ));
                    }
                    self.check_file(&sibling("err.exp"), &self.scrub(&err), false)
                }
            }
        }
    }
}

fn main() {
    let lang = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/lang")
        .canonicalize()
        .expect("tests/lang exists");
    let root = lang.parent().expect("lang has a parent").to_path_buf();
    let env = Env {
        bin: PathBuf::from(env!("CARGO_BIN_EXE_nixvm")),
        root,
        accept: std::env::var_os("NIXVM_ACCEPT").is_some(),
    };
    // `cargo test` passes libtest flags; the first argument that is not a flag filters.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));

    let mut cases = Vec::new();
    collect(&lang, false, &mut cases);
    collect(&lang.join("notyetpassing"), true, &mut cases);
    cases.retain(|c| filter.as_ref().is_none_or(|f| c.stem.contains(f.as_str())));
    cases.sort_by(|a, b| a.stem.cmp(&b.stem));

    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2);
    let next = Mutex::new(0usize);
    let outcomes = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().expect("lock");
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(case) = cases.get(i) else { break };
                    let result = env.run(case);
                    let name = if case.not_yet_passing {
                        format!("notyetpassing/{}", case.stem)
                    } else {
                        case.stem.clone()
                    };
                    let outcome = match (case.not_yet_passing, result) {
                        (false, Ok(())) => Outcome {
                            name,
                            passed: true,
                            detail: String::new(),
                        },
                        (false, Err(e)) => Outcome {
                            name,
                            passed: false,
                            detail: e,
                        },
                        (true, Err(_)) => Outcome {
                            name,
                            passed: true,
                            detail: String::new(),
                        },
                        (true, Ok(())) if env.accept => Outcome {
                            name,
                            passed: true,
                            detail: String::new(),
                        },
                        (true, Ok(())) => Outcome {
                            name,
                            passed: false,
                            detail: "passes now: move it out of notyetpassing/".into(),
                        },
                    };
                    outcomes.lock().expect("lock").push(outcome);
                }
            });
        }
    });

    let mut outcomes = outcomes.into_inner().expect("lock");
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.passed).collect();
    for o in &failed {
        println!("FAIL {}\n{}\n", o.name, o.detail);
    }
    let not_yet = cases.iter().filter(|c| c.not_yet_passing).count();
    println!(
        "lang: {} tests, {} passed, {} failed ({} in notyetpassing/, required to fail)",
        outcomes.len(),
        outcomes.len() - failed.len(),
        failed.len(),
        not_yet
    );
    if !failed.is_empty() {
        std::process::exit(1);
    }
}
