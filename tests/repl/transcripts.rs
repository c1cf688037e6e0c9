//! Golden transcripts of the REPL: each `NAME.in` in this directory is piped into `nixvm
//! repl`, which echoes each line after its prompt (`NIXVM_REPL_ECHO=1`, as Nix's own REPL
//! tests do with `_NIX_TEST_REPL_ECHO`), and everything it writes to standard output and
//! standard error, in order, must be `NAME.expected`.
//!
//! The REPL runs in this directory, with colours off (`NO_COLOR`), `EDITOR=cat`, and
//! `HOME` and the XDG directories in a fresh temporary directory. In the transcript this
//! directory is written `/path/to/tests/repl` and the version `<version>`. Lines of the
//! input starting with `# COM:` are comments for the reader and are not sent.
//!
//! `NIXVM_ACCEPT=1 cargo test --test repl` rewrites the expected files from nixvm's
//! output: review the diff against `nix repl` (see `nix-repl-differences.txt`) before
//! committing it. A free argument filters transcripts by name.

// Only the comparison with an expected file is used from the corpus's module.
#[allow(dead_code)]
#[path = "../lang/corpus.rs"]
mod corpus;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/repl");
    let dir = dir.canonicalize().expect("tests/repl exists");
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let accept = std::env::var_os("NIXVM_ACCEPT").is_some();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("reading tests/repl")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".in").map(String::from)
        })
        .filter(|n| filter.as_ref().is_none_or(|f| n.contains(f.as_str())))
        .collect();
    names.sort();
    let (mut passed, mut failed) = (0, 0);
    for name in &names {
        match check(&dir, name, accept) {
            Ok(()) => {
                println!("test repl::{name} ... ok");
                passed += 1;
            }
            Err(msg) => {
                println!("test repl::{name} ... FAILED\n{msg}");
                failed += 1;
            }
        }
    }
    println!(
        "\ntest result: {}. {passed} passed; {failed} failed",
        if failed == 0 { "ok" } else { "FAILED" }
    );
    if failed > 0 {
        std::process::exit(1);
    }
}

/// Runs one transcript and compares (or, accepting, writes) its output.
fn check(dir: &Path, name: &str, accept: bool) -> Result<(), String> {
    let input =
        std::fs::read_to_string(dir.join(format!("{name}.in"))).map_err(|e| e.to_string())?;
    let input: String = input
        .lines()
        .filter(|l| !l.trim_start().starts_with("# COM:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let actual = run(dir, &input)?;
    let expected_path = dir.join(format!("{name}.expected"));
    if accept {
        std::fs::write(&expected_path, &actual).map_err(|e| e.to_string())?;
        return Ok(());
    }
    corpus::same_as_file(&expected_path, &actual)
}

fn run(dir: &Path, input: &str) -> Result<String, String> {
    let home = tempdir();
    let bin = env!("CARGO_BIN_EXE_nixvm");
    // One pipe for both streams keeps their order.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" repl 2>&1")
        .arg(bin)
        .current_dir(dir)
        .env("NIXVM_REPL_ECHO", "1")
        .env("NO_COLOR", "1")
        .env("EDITOR", "cat")
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("NIX_PATH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting nixvm: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    let _ = std::fs::remove_dir_all(&home);
    if !out.status.success() {
        return Err(format!("nixvm repl exited with {}", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let text = text
        .replace(&dir.display().to_string(), "/path/to/tests/repl")
        .replace(env!("CARGO_PKG_VERSION"), "<version>");
    Ok(text)
}

/// A fresh directory for `HOME`.
fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "nixvm-repl-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("creating a temporary directory");
    d
}
