//! What the language corpus is and how a test of it is run, shared by the runner (which runs
//! nixvm) and the oracle check (which runs `nix-instantiate` the same way).
//!
//! Keeping the command line, the environment and the working directory in one place is what
//! makes the oracle check meaningful: both programs see exactly the same invocation.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    EvalOkay,
    EvalFail,
    ParseOkay,
    ParseFail,
}

pub struct Case {
    pub kind: Kind,
    /// File name without `.nix`.
    pub stem: String,
    /// Directory holding the test (`lang` or `lang/notyetpassing`).
    pub dir: PathBuf,
    pub not_yet_passing: bool,
}

impl Case {
    /// The name tests are known by in listings: `notyetpassing/` is kept as a prefix.
    pub fn name(&self) -> String {
        if self.not_yet_passing {
            format!("notyetpassing/{}", self.stem)
        } else {
            self.stem.clone()
        }
    }

    /// A file next to the test: `NAME.ext`.
    pub fn sibling(&self, ext: &str) -> PathBuf {
        self.dir.join(format!("{}.{ext}", self.stem))
    }

    /// The `.nix` file, relative to the corpus root (the directory above `lang/`).
    pub fn relative_file(&self, root: &Path) -> PathBuf {
        self.dir
            .strip_prefix(root)
            .unwrap_or(&self.dir)
            .join(format!("{}.nix", self.stem))
    }

    /// The command-line flags of an `eval-okay` test and the file holding its expected
    /// output: `.exp.xml` means `--xml --no-location`, otherwise `.flags` come first.
    pub fn eval_okay_invocation(&self) -> (Vec<String>, PathBuf) {
        let xml = self.sibling("exp.xml");
        if xml.exists() {
            let args = ["--eval", "--xml", "--no-location", "--strict"];
            (args.map(String::from).to_vec(), xml)
        } else {
            let mut args = read_flags(&self.sibling("flags"));
            args.extend(["--eval", "--strict"].map(String::from));
            (args, self.sibling("exp"))
        }
    }

    /// The command-line flags of an `eval-fail` test: its `.flags`, or the default.
    pub fn eval_fail_invocation(&self) -> Vec<String> {
        let flags = self.sibling("flags");
        if flags.exists() {
            read_flags(&flags)
        } else {
            ["--eval", "--strict", "--show-trace"]
                .map(String::from)
                .to_vec()
        }
    }
}

/// Where the corpus lives: `lang/` and the directory above it, which outputs call `/pwd`.
pub struct Layout {
    pub lang: PathBuf,
    pub root: PathBuf,
}

impl Layout {
    pub fn find() -> Layout {
        let lang = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/lang")
            .canonicalize()
            .expect("tests/lang exists");
        let root = lang.parent().expect("lang has a parent").to_path_buf();
        Layout { lang, root }
    }

    /// Every test, those in `notyetpassing/` included, sorted by name and kept if their
    /// name contains `filter`.
    pub fn cases(&self, filter: Option<&str>) -> Vec<Case> {
        let mut cases = Vec::new();
        collect(&self.lang, false, &mut cases);
        collect(&self.lang.join("notyetpassing"), true, &mut cases);
        cases.retain(|c| filter.is_none_or(|f| c.stem.contains(f)));
        cases.sort_by(|a, b| a.stem.cmp(&b.stem));
        cases
    }

    /// A command for `program` run as Nix's `lang.sh` runs its tests: from the directory
    /// above `lang/`, with a fixed search path, home and test variable.
    pub fn command(&self, program: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.root)
            .env("NIX_PATH", "lang/dir3:lang/dir4")
            .env("HOME", "/fake-home")
            .env("TEST_VAR", "foo")
            .env_remove("NIX_STORE_DIR");
        cmd
    }

    /// Output with the corpus root written `/pwd`, as expected files have it.
    pub fn scrub(&self, bytes: &[u8]) -> String {
        let s = String::from_utf8_lossy(bytes);
        s.replace(&*self.root.to_string_lossy(), "/pwd")
    }
}

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

/// The flags in a `.flags` file: whitespace-separated, `#` starts a comment.
pub fn read_flags(path: &Path) -> Vec<String> {
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

/// What a finished command left: exit code (-1 for a signal, i.e. a crash), stdout, stderr.
pub struct Finished {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Runs `cmd` with a time limit, feeding it `stdin` if given.
pub fn run_with_timeout(
    mut cmd: Command,
    stdin: Option<Vec<u8>>,
    timeout: Duration,
) -> Result<Finished, String> {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
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
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {}s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for {program}: {e}")),
        }
    };
    Ok(Finished {
        code: status.code().unwrap_or(-1),
        stdout: out_t.join().unwrap_or_default(),
        stderr: err_t.join().unwrap_or_default(),
    })
}

/// Runs `work` on every item on as many threads as there are cores (at least two), and
/// returns the results in the items' order.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2);
    let next = Mutex::new(0usize);
    let results = Mutex::new(Vec::with_capacity(items.len()));
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
                    let Some(item) = items.get(i) else { break };
                    let r = work(item);
                    results.lock().expect("lock").push((i, r));
                }
            });
        }
    });
    let mut results = results.into_inner().expect("lock");
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Checks that `actual` is `want`, the contents of the expected file `expected`; if not,
/// says how they differ.
pub fn same_output(expected: &Path, want: &str, actual: &str) -> Result<(), String> {
    if want == actual {
        Ok(())
    } else {
        Err(format!(
            "output differs from {}:\n{}",
            expected.display(),
            pretty_assertions::StrComparison::new(want, actual)
        ))
    }
}

/// Checks that `actual` is the contents of the expected file `expected`.
pub fn same_as_file(expected: &Path, actual: &str) -> Result<(), String> {
    let want = std::fs::read_to_string(expected)
        .map_err(|e| format!("reading {}: {e}", expected.display()))?;
    same_output(expected, &want, actual)
}

/// Whether an error message names a source position: a word `FILE:LINE:COL` (a trailing
/// colon allowed) whose file is an absolute path, as in `at /pwd/lang/x.nix:3:7:`.
pub fn names_position(stderr: &str) -> bool {
    stderr.split_whitespace().any(|word| {
        let word = word.strip_suffix(':').unwrap_or(word);
        let mut parts = word.rsplitn(3, ':');
        let (Some(col), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        file.starts_with('/') && file.len() > 1 && digits(line) && digits(col)
    })
}

/// A list of tests with the reason each is listed, one `NAME  reason` a line, such as
/// `oracle-known-differences.txt` (where current Nix, which nixvm follows, and the oracle,
/// CppNix 2.8, differ). Lines starting with `#` and empty lines are comments. A line
/// `KIND:ARGUMENT  reason` is a rule of the differential test against Nix (`fuzz/src/bin/
/// differential.rs` says what each kind means), kept apart from the tests.
pub struct TestList {
    pub entries: Vec<(String, String)>,
    pub rules: Vec<(String, String)>,
}

/// The kinds of rule lines (`KIND:ARGUMENT  reason`).
const RULE_KINDS: &[&str] = &[
    "builtin",
    "nixvm-error",
    "nix-error",
    "nix-error-calling",
    "output",
];

impl TestList {
    /// Reads the list `file`, or says which line is not of the form `NAME  reason`.
    pub fn read(layout: &Layout, file: &str) -> Result<TestList, String> {
        let path = layout.lang.join(file);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut entries = Vec::new();
        let mut rules = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let bad = |why: &str| format!("{}:{}: {why}: {line:?}", path.display(), i + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, reason)) = line.split_once("  ") else {
                return Err(bad("expected `NAME  reason` (two spaces)"));
            };
            if let Some((kind, arg)) = name.split_once(':') {
                if !RULE_KINDS.contains(&kind) || arg.is_empty() {
                    return Err(bad("not a rule of a known kind"));
                }
                if reason.trim().is_empty() || reason.starts_with(char::is_whitespace) {
                    return Err(bad(
                        "the reason must follow the rule after exactly two spaces",
                    ));
                }
                rules.push((name.to_string(), reason.to_string()));
                continue;
            }
            let name_ok = name.strip_prefix("notyetpassing/").unwrap_or(name);
            if !["eval-okay-", "eval-fail-", "parse-okay-", "parse-fail-"]
                .iter()
                .any(|p| name_ok.starts_with(p))
                || name_ok.contains(char::is_whitespace)
            {
                return Err(bad("the name is not a test's name"));
            }
            if reason.trim().is_empty() || reason.starts_with(char::is_whitespace) {
                return Err(bad(
                    "the reason must follow the name after exactly two spaces",
                ));
            }
            if entries.iter().any(|(n, _)| n == name) {
                return Err(bad("listed twice"));
            }
            entries.push((name.to_string(), reason.to_string()));
        }
        Ok(TestList { entries, rules })
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|(n, _)| n == name)
    }
}
