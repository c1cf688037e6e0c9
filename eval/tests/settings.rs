//! Setting up an evaluator between the presets: Nix's settings by name, restricted
//! evaluation with its allowed paths and URLs, as the library offers them (and the command
//! line uses them).

use std::path::PathBuf;

use nixvm::settings::SettingError;
use nixvm::{ErrorKind, EvaluatorBuilder};

/// A new directory holding `a.nix`, for one test.
fn dir_with_file(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nixvm-settings-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.nix"), "40 + 2").unwrap();
    dir
}

#[test]
fn pure_eval_by_name_makes_the_impure_preset_pure() {
    let mut b = EvaluatorBuilder::impure().search_path("nixpkgs=/somewhere");
    b.setting("pure-eval", "true").unwrap();
    let ev = b.build();
    let v = ev
        .eval_expr(r#"[ (builtins ? currentTime) (builtins.getEnv "PATH") builtins.nixPath ]"#)
        .unwrap();
    assert_eq!(ev.print(&v, true).unwrap(), r#"[ false "" [ ] ]"#);
    let e = ev.eval_expr("builtins.readFile /etc/passwd").unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Restricted(_)));
    assert_eq!(
        e.message(),
        "access to absolute path '/etc/passwd' is forbidden in pure evaluation mode \
         (use '--impure' to override)"
    );
    // And back.
    let mut b = EvaluatorBuilder::pure();
    b.setting("pure-eval", "false").unwrap();
    let ev = b.build();
    assert!(
        ev.eval_expr("builtins ? currentTime")
            .unwrap()
            .as_bool()
            .unwrap()
    );
}

#[test]
fn bad_names_and_values_are_errors_with_nix_messages() {
    let mut b = EvaluatorBuilder::impure();
    assert_eq!(
        b.setting("frobnicate", "1").unwrap_err(),
        SettingError::Unknown("frobnicate".into())
    );
    assert_eq!(
        b.setting("frobnicate", "1").unwrap_err().to_string(),
        "unknown setting 'frobnicate'"
    );
    assert_eq!(
        b.setting("max-call-depth", "-1").unwrap_err(),
        SettingError::Invalid("setting 'max-call-depth' has invalid value '-1'".into())
    );
    assert_eq!(
        b.setting("lint-url-literals", "loud")
            .unwrap_err()
            .to_string(),
        "option 'lint-url-literals' has invalid value 'loud' (expected 'ignore', 'warn', or 'fatal')"
    );
    assert!(matches!(
        b.setting("allow-unsafe-native-code-during-evaluation", "true"),
        Err(SettingError::Unsupported(_))
    ));
    // Settings about building are checked, and change nothing.
    assert!(b.setting("cores", "4").is_ok());
    assert!(b.setting("build-cores", "four").is_err());
    assert!(b.setting("max-jobs", "auto").is_ok());
}

#[test]
fn settings_that_change_evaluation_change_it() {
    let mut b = EvaluatorBuilder::impure();
    b.setting("max-call-depth", "1K")
        .unwrap()
        .setting("show-trace", "true")
        .unwrap()
        .setting("system", "riscv64-linux")
        .unwrap()
        .setting("experimental-features", "pipe-operators")
        .unwrap()
        .setting("lint-url-literals", "fatal")
        .unwrap();
    let ev = b.build();
    assert_eq!(ev.limits().max_call_depth, 1024);
    assert!(ev.show_trace());
    assert_eq!(
        ev.eval_expr("builtins.currentSystem")
            .unwrap()
            .as_str()
            .unwrap(),
        "riscv64-linux"
    );
    assert_eq!(
        ev.eval_expr("1 |> (x: x + 1)").unwrap().as_int().unwrap(),
        2
    );
    assert!(ev.eval_expr("http://example.org").is_err());
    let e = ev
        .eval_expr("let f = n: 1 + f (n + 1); in f 0")
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::StackOverflow);

    // `eval-system` wins over `system` unless it is empty.
    let mut b = EvaluatorBuilder::impure();
    b.setting("eval-system", "aarch64-darwin").unwrap();
    b.setting("system", "riscv64-linux").unwrap();
    let ev = b.build();
    assert_eq!(
        ev.eval_expr("builtins.currentSystem")
            .unwrap()
            .as_str()
            .unwrap(),
        "aarch64-darwin"
    );
}

#[test]
fn list_settings_are_replaced_or_extended() {
    let mut b = EvaluatorBuilder::impure().search_path("first=/f");
    b.setting("nix-path", "a=/a b=/b").unwrap();
    b.setting("extra-nix-path", "c=/c").unwrap();
    let ev = b.build();
    let v = ev
        .eval_expr("map (e: e.prefix) (builtins.filter (e: e.prefix != \"\") builtins.nixPath)")
        .unwrap();
    // Nix's default channels, where they exist, come after these.
    assert!(
        ev.print(&v, true)
            .unwrap()
            .starts_with(r#"[ "first" "a" "b" "c""#),
        "{}",
        ev.print(&v, true).unwrap()
    );
}

#[test]
fn restricted_evaluation_reads_only_allowed_paths() {
    let allowed = dir_with_file("allowed");
    let searched = dir_with_file("searched");
    let ev = EvaluatorBuilder::impure()
        .restrict_eval(true)
        .allowed_path(&allowed)
        .search_path(&format!("here={}", searched.display()))
        .build();
    let import = |p: PathBuf| ev.eval_expr(&format!("import {}", p.display()));
    assert_eq!(import(allowed.join("a.nix")).unwrap().as_int().unwrap(), 42);
    assert_eq!(
        ev.eval_expr("import <here/a.nix>")
            .unwrap()
            .as_int()
            .unwrap(),
        42
    );
    let e = ev.eval_expr("builtins.readFile /etc/passwd").unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Restricted(_)));
    assert_eq!(
        e.message(),
        "access to absolute path '/etc/passwd' is forbidden in restricted mode"
    );
    assert_eq!(
        ev.eval_expr(r#"builtins.getEnv "PATH""#)
            .unwrap()
            .as_str()
            .unwrap(),
        ""
    );
    // Without restriction, the same evaluator setup reads anything.
    let ev = EvaluatorBuilder::impure().build();
    assert!(ev.eval_expr("builtins.readFile /etc/passwd").is_ok());
    for d in [allowed, searched] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn restricted_evaluation_fetches_only_allowed_uris() {
    let ev = EvaluatorBuilder::impure()
        .restrict_eval(true)
        .allowed_uri("https://example.org/")
        .build();
    let fetch = |url: &str| {
        ev.eval_expr(&format!(
            r#"builtins.fetchurl {{ url = "{url}"; sha256 = "1ayhp9v4m4rdhjmnl2bq3cibrbqqkgjbl3s7yk2nhlh8vj3ay16g"; }}"#
        ))
        .unwrap_err()
    };
    let e = fetch("https://example.com/x");
    assert!(matches!(e.kind(), ErrorKind::Restricted(_)));
    assert_eq!(
        e.message(),
        "access to URI 'https://example.com/x' is forbidden in restricted mode"
    );
    // An allowed URL gets past the check, to the download nixvm does not do.
    let e = fetch("https://example.org/x");
    assert!(
        !matches!(e.kind(), ErrorKind::Restricted(_)),
        "{}",
        e.message()
    );
}
