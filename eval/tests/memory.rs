//! The memory ceiling: a program that would need more memory than allowed ends with an
//! "out of memory" error — an `Err` from the library, exit status 1 and a located message
//! from the CLI — with or without an address space limit (`ulimit -v`), and the evaluator
//! goes on working afterwards.
//!
//! The programs are the corpus's `eval-fail-memory-*` tests, one per kind of allocation
//! whose size the program decides; `//` and `listToAttrs`, whose results are never much
//! bigger than their arguments, are tested here with the ceiling lowered after the
//! arguments are built.

use std::path::{Path, PathBuf};
use std::process::Command;

use nixvm::{ErrorKind, Evaluator, Limits};

/// The ceiling the corpus's memory tests run with (their `.flags`).
const CEILING: u64 = 80 << 20;

/// The address space limit of the `ulimit -v` runs, in KiB.
const ULIMIT_KIB: u64 = 4_194_304;

const HUGE_GENLIST: &str = "builtins.length (builtins.genList (x: x) 1000000000000)";

fn lang_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/lang")
}

/// The corpus's memory tests: (path, text).
fn cases() -> Vec<(PathBuf, String)> {
    let mut v: Vec<(PathBuf, String)> = std::fs::read_dir(lang_dir())
        .expect("tests/lang")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("eval-fail-memory-") && name.ends_with(".nix")
        })
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (p, text)
        })
        .collect();
    v.sort();
    assert!(v.len() >= 15, "the memory tests of tests/lang are missing");
    v
}

fn is_oom(kind: &ErrorKind) -> bool {
    matches!(kind, ErrorKind::OutOfMemory(_))
}

/// An evaluator under the ceiling of the corpus's memory tests.
fn under_ceiling() -> Evaluator {
    Evaluator::builder()
        .limits(Limits {
            max_memory: Some(CEILING),
            ..Limits::default()
        })
        .messages(|_| {})
        .build()
}

/// Sets the memory ceiling of `ev`.
fn set_ceiling(ev: &Evaluator, bytes: u64) {
    ev.set_limits(Limits {
        max_memory: Some(bytes),
        ..ev.limits()
    });
}

/// Evaluates `text` completely; the error, if any.
fn eval_err(ev: &Evaluator, text: &str, path: &Path) -> Option<nixvm::Error> {
    let dir = path.parent().unwrap_or(Path::new("/"));
    ev.eval_source(text, &path.display().to_string(), dir)
        .and_then(|v| ev.deep_force(&v).map(|_| ()))
        .err()
}

/// The evaluator still evaluates.
fn still_works(ev: &Evaluator) {
    let v = ev
        .eval_expr("builtins.length (builtins.genList (x: x * 2) 1000)")
        .expect("evaluates after running out of memory");
    assert_eq!(ev.print(&v, true).expect("prints"), "1000");
}

#[test]
fn each_case_is_an_error_from_the_library_which_goes_on_working() {
    let ev = under_ceiling();
    for (path, text) in cases() {
        let e =
            eval_err(&ev, &text, &path).unwrap_or_else(|| panic!("{} evaluated", path.display()));
        assert!(is_oom(e.kind()), "{}: {}", path.display(), e.rendered());
        assert!(!e.is_catchable());
        still_works(&ev);
    }
}

#[test]
fn out_of_memory_is_not_caught_by_try_eval() {
    let ev = under_ceiling();
    let e = ev
        .eval_expr(&format!("builtins.tryEval ({HUGE_GENLIST})"))
        .unwrap_err();
    assert!(is_oom(e.kind()), "{}", e.rendered());
}

/// Builds `setup` under the default ceiling, then applies `f` to it under a ceiling of
/// 1 MiB: the error, and the evaluator afterwards.
fn under_small_ceiling(setup: &str, f: &str) -> (nixvm::Error, Evaluator) {
    let ev = Evaluator::new();
    let arg = ev
        .eval_expr(setup)
        .expect("the argument builds")
        .into_value();
    ev.deep_force(&arg).expect("the argument builds");
    let f = ev.eval_expr(f).expect("a function").into_value();
    set_ceiling(&ev, 1 << 20);
    let e = ev
        .call(&f, [arg.clone()])
        .and_then(|v| ev.deep_force(&v).map(|_| ()))
        .unwrap_err();
    // With room again, the same call succeeds: the ceiling was the only obstacle.
    set_ceiling(&ev, u64::MAX);
    let v = ev.call(&f, [arg]).expect("succeeds with room").into_value();
    ev.deep_force(&v).expect("succeeds with room");
    (e, ev)
}

#[test]
fn update_checks_the_size_of_its_result() {
    let setup =
        "builtins.listToAttrs (builtins.genList (i: { name = toString i; value = i; }) 100000)";
    let (e, ev) = under_small_ceiling(setup, "s: builtins.attrNames (s // s)");
    assert_eq!(
        e.message(),
        "out of memory: 4.6 MiB would exceed the memory limit of 1.0 MiB (--max-memory)"
    );
    still_works(&ev);
}

#[test]
fn list_to_attrs_checks_the_size_of_its_result() {
    let setup = "builtins.genList (i: { name = toString i; value = i; }) 100000";
    let (e, ev) = under_small_ceiling(setup, "builtins.listToAttrs");
    assert_eq!(
        e.message(),
        "out of memory: 3.8 MiB would exceed the memory limit of 1.0 MiB (--max-memory)"
    );
    still_works(&ev);
}

/// Runs the nixvm binary with `args`, under `ulimit -v` if `ulimit`.
fn nixvm(args: &[&str], ulimit: bool) -> std::process::Output {
    let limit = if ulimit {
        format!("ulimit -v {ULIMIT_KIB} || exit 99; ")
    } else {
        String::new()
    };
    Command::new("sh")
        .arg("-c")
        .arg(format!("{limit}exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_nixvm"))
        .args(args)
        .current_dir(lang_dir())
        .output()
        .expect("runs sh")
}

/// Exit status 1 and a located "out of memory" error.
fn assert_clean_oom(out: &std::process::Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
    assert!(
        stderr.contains("error: out of memory: "),
        "{what}: {stderr}"
    );
    assert!(stderr.contains(" at "), "{what}: no position: {stderr}");
}

#[test]
fn the_huge_genlist_fails_cleanly_from_the_cli_with_its_default_ceiling() {
    for ulimit in [false, true] {
        let out = nixvm(&["--eval", "-E", HUGE_GENLIST], ulimit);
        assert_clean_oom(&out, &format!("ulimit: {ulimit}"));
    }
}

#[test]
fn each_case_fails_cleanly_from_the_cli_under_ulimit() {
    for (path, _) in cases() {
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name");
        let out = nixvm(&["--eval", "--strict", "--max-memory", "80M", name], true);
        assert_clean_oom(&out, name);
    }
}

/// Set in the environment of the child process of
/// [`the_huge_genlist_is_an_error_from_the_library_under_ulimit`].
const CHILD: &str = "NIXVM_MEMORY_TEST_CHILD";

#[test]
fn the_huge_genlist_is_an_error_from_the_library_under_ulimit() {
    // The address space limit must not apply to the other tests: run this test's body
    // again in a child process under it.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {ULIMIT_KIB} || exit 99; exec \"$0\" --exact library_child --nocapture"
        ))
        .arg(std::env::current_exe().expect("the test binary"))
        .env(CHILD, "1")
        .output()
        .expect("runs sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("library child done"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn library_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    // The default ceiling, which under `ulimit -v` is the address space allowed.
    let ev = Evaluator::new();
    let e = ev.eval_expr(HUGE_GENLIST).unwrap_err();
    assert!(is_oom(e.kind()), "{}", e.rendered());
    assert!(e.message().contains("(ulimit -v)"), "{}", e.message());
    still_works(&ev);
    let ev = under_ceiling();
    for (path, text) in cases() {
        let e =
            eval_err(&ev, &text, &path).unwrap_or_else(|| panic!("{} evaluated", path.display()));
        assert!(is_oom(e.kind()), "{}: {}", path.display(), e.rendered());
        still_works(&ev);
    }
    println!("library child done");
}
