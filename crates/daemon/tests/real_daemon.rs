//! The client against a real `nix-daemon` (from the `nix-bin` package), serving a store in
//! a temporary directory; Nix's own `nix-store` checks what the client did. Without a
//! daemon these tests say so and check nothing.

use std::path::Path;
use std::process::Command;

use nixvm_daemon::wire::write_bytes;
use nixvm_daemon::{
    BuildMode, ClientOptions, Connection, ContentMethod, DaemonError, DerivedPath, TestDaemon,
};

fn connect(d: &TestDaemon) -> Connection {
    let mut c = Connection::connect(&d.socket(), &ClientOptions::default()).unwrap();
    c.set_log(|line| eprintln!("daemon: {line}"));
    c
}

/// Runs one of Nix's tools against the test daemon; its standard output, trimmed.
fn nix(d: &TestDaemon, args: &[&str]) -> String {
    let out = Command::new(args[0])
        .args(&args[1..])
        .envs(d.client_env())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn handshake_tells_the_version() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let c = connect(&d);
    let nix_version = nix(&d, &["nix-store", "--version"]);
    eprintln!(
        "protocol {} with {nix_version}, daemon says {:?}",
        c.version(),
        c.daemon_nix_version()
    );
    assert!(c.version() >= nixvm_daemon::ProtocolVersion::new(1, 21));
    if let Some(v) = c.daemon_nix_version() {
        assert!(nix_version.ends_with(v), "{nix_version} vs {v}");
    }
}

#[test]
fn text_is_added_with_its_references() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let mut c = connect(&d);
    let dep = c
        .add_text_to_store("dep", b"I am a dependency", &[])
        .unwrap();
    let text = format!("refers to {dep}");
    let path = c
        .add_text_to_store("user", text.as_bytes(), std::slice::from_ref(&dep))
        .unwrap();
    assert!(path.starts_with(&d.store_dir().display().to_string()));
    assert!(path.ends_with("-user"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert!(c.is_valid_path(&path).unwrap());
    let info = c.query_path_info(&path).unwrap().unwrap();
    assert_eq!(info.references, std::slice::from_ref(&dep));
    assert!(info.content_address.unwrap().starts_with("text:sha256:"));
    assert_eq!(
        nix(&d, &["nix-store", "--query", "--references", &path]),
        dep
    );
    // The same text again is the same path.
    assert_eq!(
        c.add_text_to_store("user", text.as_bytes(), &[dep])
            .unwrap(),
        path
    );
}

/// A NAR of a directory holding one executable file and a symlink, written by hand, and
/// the same tree on disk.
fn tree_and_nar(dir: &Path) -> Vec<u8> {
    std::fs::create_dir_all(dir).unwrap();
    let script = dir.join("run");
    std::fs::write(&script, b"#!/bin/sh\necho hi\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink("run", dir.join("start")).unwrap();
    let mut nar = Vec::new();
    let parts: &[&[u8]] = &[
        b"nix-archive-1",
        b"(",
        b"type",
        b"directory",
        b"entry",
        b"(",
        b"name",
        b"run",
        b"node",
        b"(",
        b"type",
        b"regular",
        b"executable",
        b"",
        b"contents",
        b"#!/bin/sh\necho hi\n",
        b")",
        b")",
        b"entry",
        b"(",
        b"name",
        b"start",
        b"node",
        b"(",
        b"type",
        b"symlink",
        b"target",
        b"run",
        b")",
        b")",
        b")",
    ];
    for p in parts {
        write_bytes(&mut nar, p).unwrap();
    }
    nar
}

#[test]
fn a_tree_is_added_as_nix_store_add_adds_it() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let mut c = connect(&d);
    let dir = d.work_dir().join("tree");
    let nar = tree_and_nar(&dir);
    let path = c
        .add_to_store::<DaemonError>("tree", ContentMethod::Nar, &[], &mut |w| {
            Ok(w.write_all(&nar)?)
        })
        .unwrap();
    assert_eq!(
        path,
        nix(&d, &["nix-store", "--add", &dir.display().to_string()])
    );
    assert_eq!(
        std::fs::read_link(Path::new(&path).join("start")).unwrap(),
        Path::new("run")
    );
    let info = c.query_path_info(&path).unwrap().unwrap();
    assert_eq!(info.nar_size, nar.len() as u64);
    assert!(info.content_address.unwrap().starts_with("fixed:r:sha256:"));
}

#[test]
fn a_flat_file_is_added_as_add_fixed_adds_it() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let mut c = connect(&d);
    let file = d.work_dir().join("data.txt");
    std::fs::write(&file, b"flat contents\n").unwrap();
    let path = c
        .add_to_store::<DaemonError>("data.txt", ContentMethod::Flat, &[], &mut |w| {
            Ok(w.write_all(b"flat contents\n")?)
        })
        .unwrap();
    let expected = nix(
        &d,
        &[
            "nix-store",
            "--add-fixed",
            "sha256",
            &file.display().to_string(),
        ],
    );
    assert_eq!(path, expected);
}

#[test]
fn daemon_errors_leave_the_connection_usable() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let mut c = connect(&d);
    let missing = format!(
        "{}/00000000000000000000000000000000-missing",
        d.store_dir().display()
    );
    assert!(!c.is_valid_path(&missing).unwrap());
    assert_eq!(c.query_path_info(&missing).unwrap(), None);
    let e = c.ensure_path(&missing).unwrap_err();
    assert!(matches!(e, DaemonError::Remote(_)), "{e}");
    eprintln!("the daemon said: {e}");
    let e = c
        .add_text_to_store("x", b"x", std::slice::from_ref(&missing))
        .unwrap_err();
    assert!(matches!(e, DaemonError::Remote(_)), "{e}");
    eprintln!("the daemon said: {e}");
    assert!(!c.is_broken());
    let y = c.add_text_to_store("y", b"y", &[]).unwrap();
    c.ensure_path(&y).unwrap();
}

#[test]
fn roots_and_builds() {
    let Some(d) = TestDaemon::or_skip() else {
        return;
    };
    let mut c = connect(&d);
    let expr = r#"derivation {
        name = "built"; system = builtins.currentSystem; builder = "/bin/sh";
        args = [ "-c" "echo made by a build > $out" ];
    }"#;
    let drv = nix(&d, &["nix-instantiate", "--no-gc-warning", "-E", expr]);
    c.add_temp_root(&drv).unwrap();
    let target = DerivedPath::Built {
        drv: drv.clone(),
        outputs: vec!["out".into()],
    };
    c.build_paths(&[target], BuildMode::Normal).unwrap();
    let out = nix(&d, &["nix-store", "--query", "--outputs", &drv]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "made by a build\n");

    let link = d.work_dir().join("result");
    std::os::unix::fs::symlink(&out, &link).unwrap();
    c.add_indirect_root(&link).unwrap();
    let roots = nix(&d, &["nix-store", "--gc", "--print-roots"]);
    assert!(roots.contains(&link.display().to_string()), "{roots}");
}

#[test]
fn no_daemon_is_a_clear_error() {
    let e = Connection::connect(Path::new("/nonexistent/socket"), &ClientOptions::default())
        .err()
        .unwrap();
    assert_eq!(
        e.to_string(),
        "cannot connect to the Nix daemon at '/nonexistent/socket': No such file or directory"
    );
}
