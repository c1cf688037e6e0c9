//! What the library's default, pure evaluator lets builtins see: no files, no environment,
//! no clock, as Nix's pure evaluation mode.

use nixvm::{ErrorKind, Evaluator};

fn eval(src: &str) -> Result<String, nixvm::Error> {
    let ev = Evaluator::new();
    let v = ev.eval_expr(src)?;
    ev.print(&v, true)
}

#[test]
fn environment_and_clock_are_hidden() {
    assert_eq!(eval(r#"builtins.getEnv "HOME""#).unwrap(), r#""""#);
    assert_eq!(
        eval("[ (builtins ? currentTime) (builtins ? currentSystem) (builtins ? nixVersion) ]")
            .unwrap(),
        "[ false false true ]"
    );
}

#[test]
fn files_are_refused() {
    for src in [
        r#"builtins.readFile "/etc/hostname""#,
        "builtins.readDir /.",
        r#"builtins.hashFile "sha256" /etc/hostname"#,
        r#""${/etc/hostname}""#,
        "builtins.path { path = /etc; }",
        "import /etc/hostname",
    ] {
        let err = eval(src).expect_err(src);
        assert!(
            err.message()
                .contains("is forbidden in pure evaluation mode"),
            "{src}: {}",
            err.message()
        );
        assert!(matches!(err.kind(), ErrorKind::Restricted(_)), "{src}");
    }
}

#[test]
fn path_exists_answers_false() {
    // Nix's pathExists treats a refused path as one that does not exist.
    assert_eq!(eval("builtins.pathExists /etc").unwrap(), "false");
    assert_eq!(eval(r#"builtins.pathExists "/""#).unwrap(), "false");
}

#[test]
fn store_path_is_refused() {
    let err =
        eval(r#"builtins.storePath "/nix/store/lfngsssysp6h1v4ccqg23c52s9sjl779-x""#).unwrap_err();
    assert_eq!(
        err.message(),
        "'builtins.storePath' is not allowed in pure evaluation mode"
    );
}

#[test]
fn pure_computations_still_work() {
    // Store paths of text and derivations need no file access.
    assert_eq!(
        eval(r#"builtins.toFile "x" "y""#).unwrap(),
        r#""/nix/store/lfngsssysp6h1v4ccqg23c52s9sjl779-x""#
    );
    assert_eq!(
        eval(r#"builtins.readFile (builtins.toFile "x" "y")"#).unwrap(),
        r#""y""#
    );
    assert_eq!(
        eval(
            r#"(derivation { name = "a"; builder = "/bin/sh"; system = "x86_64-linux"; }).outPath"#
        )
        .unwrap(),
        r#""/nix/store/f37kxm5wf98b2s839zaiybv38zil0s40-a""#
    );
}

#[test]
fn a_path_with_its_hash_is_taken_on_trust() {
    // Without file access, `builtins.path` with `sha256` gives the path the hash names, as
    // Nix does when its store already has it.
    assert_eq!(
        eval(
            r#"builtins.path { path = /etc/hostname; name = "x"; recursive = false;
                 sha256 = "0000000000000000000000000000000000000000000000000000"; }"#
        )
        .unwrap(),
        eval(
            r#"(derivation { name = "x"; builder = "b"; system = "s";
                 outputHash = "0000000000000000000000000000000000000000000000000000";
                 outputHashAlgo = "sha256"; }).outPath"#
        )
        .unwrap()
    );
}
