//! Instantiation for real: nixvm writes `.drv` files and sources to a Nix store through a
//! real `nix-daemon` (serving a store in a temporary directory, see
//! `nixvm_daemon::TestDaemon`), and CppNix's `nix-instantiate` and `nix-store` check the
//! result: the same files, byte for byte, and derivations that build. Without a daemon
//! these tests say so and check nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nixvm_daemon::TestDaemon;

/// The package set of the golden test.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/store")
}

fn run(d: &TestDaemon, program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .envs(d.client_env())
        .current_dir(d.work_dir())
        .output()
        .unwrap()
}

fn nixvm(d: &TestDaemon, args: &[&str]) -> Output {
    run(d, env!("CARGO_BIN_EXE_nixvm"), args)
}

/// Standard output of a run that must succeed, as lines.
fn lines(out: Output, what: &str) -> Vec<String> {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn nix(d: &TestDaemon, program: &str, args: &[&str]) -> Vec<String> {
    lines(run(d, program, args), program)
}

fn is_valid(d: &TestDaemon, path: &str) -> bool {
    run(d, "nix-store", &["--check-validity", path])
        .status
        .success()
}

/// Every store path the `.drv` files printed refer to, themselves included.
fn closure(d: &TestDaemon, printed: &[String]) -> Vec<String> {
    let mut args = vec!["--query", "--requisites"];
    let drvs: Vec<&str> = printed
        .iter()
        .map(|l| l.split('!').next().unwrap())
        .collect();
    args.extend(drvs);
    let mut all = nix(d, "nix-store", &args);
    all.sort();
    all
}

/// What each path of the closure is: a `.drv`'s bytes, a source's NAR hash.
fn contents(d: &TestDaemon, paths: &[String]) -> BTreeMap<String, Vec<u8>> {
    paths
        .iter()
        .map(|p| {
            let bytes = if p.ends_with(".drv") {
                std::fs::read(p).unwrap()
            } else {
                nix(d, "nix-store", &["--query", "--hash", p])
                    .join("\n")
                    .into_bytes()
            };
            (p.clone(), bytes)
        })
        .collect()
}

#[test]
fn instantiation_writes_what_nix_instantiate_writes() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let pkgs = fixtures().join("pkgs.nix");
    let pkgs = pkgs.to_str().unwrap();

    let printed = lines(nixvm(&d, &["--no-gc-warning", pkgs]), "nixvm");
    assert_eq!(printed.len(), 6, "{printed:?}");
    let ours = closure(&d, &printed);
    let drvs = ours.iter().filter(|p| p.ends_with(".drv")).count();
    let sources = ours.len() - drvs;
    // base, fixed, multi, top, structured; build.sh and five copies of sources.
    assert_eq!((drvs, sources), (5, 6), "{ours:#?}");
    let written = contents(&d, &ours);

    // Out of the store again (nothing roots them), for Nix to write them itself.
    let mut delete = vec!["--delete"];
    delete.extend(ours.iter().map(String::as_str));
    nix(&d, "nix-store", &delete);
    assert!(ours.iter().all(|p| !is_valid(&d, p)));

    let nix_printed = nix(&d, "nix-instantiate", &["--no-gc-warning", pkgs]);
    assert_eq!(printed, nix_printed);
    let theirs = closure(&d, &nix_printed);
    assert_eq!(ours, theirs);
    let nix_written = contents(&d, &theirs);
    for (path, bytes) in &written {
        assert_eq!(
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&nix_written[path]),
            "{path}"
        );
    }
}

#[test]
fn a_derivation_nixvm_instantiates_builds() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let expr = r#"
      let
        dep = derivation {
          name = "dep"; system = builtins.currentSystem; builder = "/bin/sh";
          args = [ "-c" "echo made by dep > $out" ];
        };
      in derivation {
        name = "user"; system = builtins.currentSystem; builder = "/bin/sh";
        inherit dep;
        script = builtins.toFile "script.sh" ''
          read line < $dep
          echo "$line, then by $name" > $out
        '';
        args = [ "-c" ". $script" ];
      }"#;
    let drv = lines(nixvm(&d, &["--no-gc-warning", "-E", expr]), "nixvm");
    assert_eq!(drv.len(), 1);
    let out = nix(&d, "nix-store", &["--realise", &drv[0]]);
    assert_eq!(out.len(), 1);
    assert_eq!(
        std::fs::read_to_string(&out[0]).unwrap(),
        "made by dep, then by user\n"
    );
}

#[test]
fn read_write_mode_copies_sources_and_eval_alone_does_not() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let dir = d.work_dir().join("tree");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/file"), "contents\n").unwrap();
    let expr = format!(
        r#"builtins.toJSON [ "${{{}}}" (builtins.toFile "note" "a note") ]"#,
        dir.display()
    );
    let eval_only = lines(nixvm(&d, &["--eval", "--raw", "-E", &expr]), "nixvm --eval");
    let paths: Vec<String> = serde_paths(&eval_only[0]);
    assert!(
        paths.iter().all(|p| !is_valid(&d, p)),
        "--eval wrote {paths:?}"
    );

    let rw = lines(
        nixvm(&d, &["--eval", "--read-write-mode", "--raw", "-E", &expr]),
        "nixvm --eval --read-write-mode",
    );
    assert_eq!(rw, eval_only);
    assert_eq!(
        std::fs::read_to_string(Path::new(&paths[0]).join("sub/file")).unwrap(),
        "contents\n"
    );
    assert_eq!(std::fs::read_to_string(&paths[1]).unwrap(), "a note");
    let nix_paths = nix(
        &d,
        "nix-instantiate",
        &["--eval", "--read-write-mode", "--json", "-E", &expr],
    );
    assert_eq!(nix_paths[0], format!("{:?}", eval_only[0]));
}

/// The strings of a JSON list of store paths.
fn serde_paths(json: &str) -> Vec<String> {
    json.trim_matches(|c| c == '[' || c == ']')
        .split(',')
        .map(|s| s.trim_matches('"').to_string())
        .collect()
}

#[test]
fn a_written_drv_file_reads_as_nix_reads_it() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let expr = r#"builtins.readFile (derivation {
      name = "readable"; system = "x"; builder = "/bin/sh"; src = builtins.toFile "s" "s";
    }).drvPath"#;
    let ours = lines(
        nixvm(&d, &["--eval", "--read-write-mode", "-E", expr]),
        "nixvm",
    );
    assert!(ours[0].starts_with(r#""Derive([(\"out\","#), "{ours:?}");
    let theirs = nix(
        &d,
        "nix-instantiate",
        &["--eval", "--read-write-mode", "-E", expr],
    );
    assert_eq!(ours, theirs);
}

#[test]
fn store_path_needs_a_valid_path_when_writing() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let missing = format!(
        "{}/00000000000000000000000000000000-missing",
        d.store_dir().display()
    );
    let expr = format!(r#"builtins.storePath "{missing}""#);
    let read_only = nixvm(&d, &["--eval", "--impure", "-E", &expr]);
    assert!(read_only.status.success());
    let writing = nixvm(
        &d,
        &["--eval", "--impure", "--read-write-mode", "-E", &expr],
    );
    assert!(!writing.status.success());
    let err = String::from_utf8_lossy(&writing.stderr);
    let nix = run(
        &d,
        "nix-instantiate",
        &["--eval", "--read-write-mode", "-E", &expr],
    );
    let nix_err = String::from_utf8_lossy(&nix.stderr);
    eprintln!("nixvm: {err}\nnix: {nix_err}");
    let last = |s: &str| {
        s.lines()
            .rfind(|l| l.contains("error:"))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    assert_eq!(last(&err), last(&nix_err));
}

#[test]
fn dry_run_and_readonly_mode_write_nothing() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let expr = r#"derivation { name = "unwritten"; system = "x"; builder = "/bin/sh"; }"#;
    for flag in ["--dry-run", "--readonly-mode"] {
        let printed = lines(nixvm(&d, &[flag, "--no-gc-warning", "-E", expr]), flag);
        assert_eq!(printed.len(), 1);
        assert!(!is_valid(&d, &printed[0]), "{flag} wrote {}", printed[0]);
    }
    let printed = lines(nixvm(&d, &["--no-gc-warning", "-E", expr]), "nixvm");
    assert!(is_valid(&d, &printed[0]));
}

#[test]
fn roots_are_added_where_asked() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let expr = r#"[
      (derivation { name = "r1"; system = "x"; builder = "/bin/sh"; })
      (derivation { name = "r2"; system = "x"; builder = "/bin/sh"; outputs = [ "lib" ]; })
    ]"#;
    let printed = lines(
        nixvm(&d, &["--add-root", "result", "--indirect", "-E", expr]),
        "nixvm --add-root",
    );
    let base = d.work_dir().join("result");
    assert_eq!(
        printed,
        [
            base.display().to_string(),
            format!("{}-2!lib", base.display())
        ]
    );
    let target = std::fs::read_link(&base).unwrap();
    assert!(target.to_str().unwrap().ends_with("-r1.drv"));
    let roots = nix(&d, "nix-store", &["--gc", "--print-roots"]).join("\n");
    assert!(roots.contains(&format!("{}-2", base.display())), "{roots}");
}

#[test]
fn import_from_derivation_builds_when_allowed() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let expr = r#"builtins.readFile (derivation {
      name = "ifd"; system = builtins.currentSystem; builder = "/bin/sh";
      args = [ "-c" "echo 42 > $out" ];
    })"#;
    let rw = ["--eval", "--read-write-mode", "-E", expr];
    assert_eq!(lines(nixvm(&d, &rw), "IFD"), [r#""42\n""#]);

    let mut refused = rw.to_vec();
    refused.extend(["--option", "allow-import-from-derivation", "false"]);
    let out = nixvm(&d, &refused);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("because the option 'allow-import-from-derivation' is disabled"),
        "{err}"
    );

    // Without writing, the derivation is not in the store, as Nix says.
    let out = nixvm(&d, &["--eval", "-E", expr]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-ifd.drv' is not valid"), "{err}");
}

#[test]
fn without_a_daemon_instantiation_says_how_to_start_one() {
    let out = Command::new(env!("CARGO_BIN_EXE_nixvm"))
        .args([
            "-E",
            "derivation { name = \"x\"; system = \"x\"; builder = \"/bin/sh\"; }",
        ])
        .env("NIX_DAEMON_SOCKET_PATH", "/nonexistent/socket")
        .env_remove("NIX_REMOTE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot connect to the Nix daemon at '/nonexistent/socket': No such file or \
         directory; start the Nix daemon ('nix-daemon &', as root), or write nothing to the \
         store (--eval, --dry-run)\n"
    );
    // Evaluating needs no store.
    let out = Command::new(env!("CARGO_BIN_EXE_nixvm"))
        .args(["--eval", "-E", "builtins.toFile \"a\" \"b\""])
        .env("NIX_DAEMON_SOCKET_PATH", "/nonexistent/socket")
        .env_remove("NIX_STORE_DIR")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "\"/nix/store/g76zcpqc540lrc8i6g7xy6ip0npn2hnp-a\"\n"
    );
}

#[test]
fn the_library_writes_through_a_daemon_store_it_is_given() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let settings = nixvm::Settings {
        store_dir: d.store_dir().display().to_string(),
        ..nixvm::Settings::default()
    };
    let store =
        nixvm::DaemonStore::connect_uri(Some(&format!("unix://{}", d.socket().display()))).unwrap();
    let ev = nixvm::Evaluator::builder()
        .settings(settings.clone())
        .store(store)
        .build();
    assert!(ev.store().writes());
    let v = ev
        .eval_expr(r#"builtins.toFile "from-the-library" "written""#)
        .unwrap();
    let path = ev.print(&v, false).unwrap();
    let path = path.trim_matches('"');
    assert_eq!(std::fs::read_to_string(path).unwrap(), "written");

    // The default store writes nothing, though the path is the same.
    let pure = nixvm::Evaluator::builder().settings(settings).build();
    assert!(!pure.store().writes());
    let v = pure
        .eval_expr(r#"builtins.toFile "not-written" "nothing""#)
        .unwrap();
    let unwritten = pure.print(&v, false).unwrap();
    assert!(!is_valid(&d, unwritten.trim_matches('"')));
}

#[test]
fn the_instantiating_preset_writes_through_the_daemon_of_the_environment() {
    // The preset reads the environment, as `nixvm` does: this test runs itself again in a
    // child process with the test daemon's environment.
    if std::env::var_os("NIXVM_PRESET_CHILD").is_none() {
        let Some(d) = TestDaemon::or_skip() else {
            return;
        };
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "the_instantiating_preset_writes_through_the_daemon_of_the_environment",
                "--exact",
                "--nocapture",
            ])
            .envs(d.client_env())
            .env("NIXVM_PRESET_CHILD", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = stdout
            .lines()
            .find_map(|l| l.strip_prefix("written: "))
            .expect("the child says what it wrote");
        assert_eq!(std::fs::read_to_string(path).unwrap(), "by the preset");
        return;
    }
    let ev = nixvm::EvaluatorBuilder::instantiating().unwrap().build();
    assert!(ev.store().writes());
    let v = ev
        .eval_expr(r#"builtins.toFile "preset" "by the preset""#)
        .unwrap();
    println!("written: {}", v.as_str().unwrap());
}
