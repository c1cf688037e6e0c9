//! `builtins.fetchGit` of local repositories: small repositories built in a temporary
//! directory are fetched by nixvm and by CppNix's `nix-instantiate`, and the results
//! compared where the two Nix versions agree (store path, NAR hash, commit, counts, times).
//! Where current Nix differs from CppNix 2.8 (`dirtyRev`, a submodule left out of a working
//! tree, `revCount` of a shallow clone), nixvm follows current Nix and the test checks
//! that. Without `nix-instantiate` the comparisons say so and check nothing; without a
//! daemon, neither does the store test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A directory that is removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("nixvm-fetch-git-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `git` in `dir`, with fixed identities and times and no user configuration, so
/// that commits are the same on every run.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Nixvm")
        .env("GIT_AUTHOR_EMAIL", "nixvm@example.org")
        .env("GIT_COMMITTER_NAME", "Nixvm")
        .env("GIT_COMMITTER_EMAIL", "nixvm@example.org")
        .env("GIT_AUTHOR_DATE", "2021-03-04T05:06:07Z")
        .env("GIT_COMMITTER_DATE", "2021-03-04T05:06:07Z")
        // Submodules of local paths are cloned with the file transport.
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "protocol.file.allow")
        .env("GIT_CONFIG_VALUE_0", "always")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn git_out(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn init(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q", "-b", "main"]);
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A repository with a file, an executable, a symlink, nested directories, an empty
/// directory, an ignored file and an untracked one, in two commits.
fn sample_repo(dir: &Path) {
    init(dir);
    write(&dir.join("a"), "a\n");
    git(dir, &["add", "a"]);
    git(dir, &["commit", "-q", "-m", "first"]);
    write(&dir.join("bin/run.sh"), "#!/bin/sh\necho hi\n");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        dir.join("bin/run.sh"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::os::unix::fs::symlink("a", dir.join("link")).unwrap();
    write(&dir.join("d/e/f"), "f\n");
    write(&dir.join(".gitignore"), "ignored\n");
    write(&dir.join("ignored"), "not tracked\n");
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "second"]);
    write(&dir.join("untracked"), "u\n");
}

/// `nix-instantiate --eval --strict -E expr` with `program`, in `dir`.
fn eval_with(program: &str, dir: &Path, expr: &str, extra: &[&str]) -> Output {
    Command::new(program)
        .args(["--eval", "--strict"])
        .args(extra)
        .args(["-E", expr])
        .current_dir(dir)
        // CppNix 2.8 clones submodules with the file transport.
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "protocol.file.allow")
        .env("GIT_CONFIG_VALUE_0", "always")
        .output()
        .unwrap()
}

fn nixvm(dir: &Path, expr: &str) -> Output {
    eval_with(env!("CARGO_BIN_EXE_nixvm"), dir, expr, &[])
}

fn has_oracle() -> bool {
    let found = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: no nix-instantiate to compare with");
    }
    found
}

fn stdout_ok(out: Output, who: &str, expr: &str) -> String {
    assert!(
        out.status.success(),
        "{who} failed on {expr}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// nixvm and `nix-instantiate` print the same value for `expr`.
fn same_as_oracle(dir: &Path, expr: &str) -> String {
    let ours = stdout_ok(nixvm(dir, expr), "nixvm", expr);
    let theirs = stdout_ok(
        eval_with("nix-instantiate", dir, expr, &[]),
        "nix-instantiate",
        expr,
    );
    assert_eq!(ours, theirs, "for {expr}");
    ours
}

#[test]
fn a_clean_repository_reads_as_nix_reads_it() {
    if !has_oracle() {
        return;
    }
    let s = Scratch::new("clean");
    let repo = s.path("repo");
    sample_repo(&repo);
    let r = repo.display();
    let head = git_out(&repo, &["rev-parse", "HEAD"]);
    let first = git_out(&repo, &["rev-parse", "HEAD~1"]);
    let shown = same_as_oracle(&s.0, &format!("builtins.fetchGit {r}"));
    assert!(shown.contains(&format!("rev = \"{head}\"")), "{shown}");
    assert!(shown.contains("revCount = 2;"), "{shown}");
    assert!(
        shown.contains("lastModifiedDate = \"20210304050607\""),
        "{shown}"
    );
    same_as_oracle(&s.0, &format!("builtins.fetchGit \"file://{r}\""));
    same_as_oracle(
        &s.0,
        &format!("builtins.fetchGit {{ url = {r}; ref = \"main\"; }}"),
    );
    same_as_oracle(
        &s.0,
        &format!("builtins.fetchGit {{ url = {r}; rev = \"{first}\"; name = \"older\"; }}"),
    );
    same_as_oracle(
        &s.0,
        &format!("builtins.fetchGit {{ url = {r}; shallow = true; }}"),
    );
    // What the tree holds, read back from the (computed) store path.
    same_as_oracle(
        &s.0,
        &format!(
            "let t = (builtins.fetchGit {r}).outPath; in \
             [ (builtins.readDir t) (builtins.readDir (t + \"/d/e\")) (builtins.readFile (t + \"/link\")) ]"
        ),
    );
    // A repository without a working tree is read as a remote one. (For its default
    // branch CppNix 2.8 assumes `master`, current Nix asks for `HEAD`'s.)
    git(&s.0, &["clone", "-q", "--bare", "repo", "bare.git"]);
    let bare = s.path("bare.git");
    let bare = bare.display();
    let by_ref = same_as_oracle(
        &s.0,
        &format!("builtins.fetchGit {{ url = {bare}; ref = \"main\"; }}"),
    );
    let by_default = stdout_ok(
        nixvm(&s.0, &format!("builtins.fetchGit {bare}")),
        "nixvm",
        "bare",
    );
    assert_eq!(by_ref, by_default);
}

#[test]
fn fetch_tree_reads_git_inputs_shallowly_by_default() {
    if !has_oracle() {
        return;
    }
    let s = Scratch::new("fetch-tree");
    let repo = s.path("repo");
    sample_repo(&repo);
    let r = repo.display();
    let flakes = ["--extra-experimental-features", "flakes"];
    let deep = format!("builtins.fetchTree {{ type = \"git\"; url = {r}; shallow = false; }}");
    let ours = eval_with(env!("CARGO_BIN_EXE_nixvm"), &s.0, &deep, &flakes);
    let theirs = eval_with("nix-instantiate", &s.0, &deep, &flakes);
    let ours = stdout_ok(ours, "nixvm", &deep);
    assert_eq!(ours, stdout_ok(theirs, "nix-instantiate", &deep));
    assert!(ours.contains("revCount = 2;"), "{ours}");
    // Current Nix makes `shallow` the default of fetchTree (CppNix 2.8 did not): no count.
    let shallow = format!("builtins.fetchTree {{ type = \"git\"; url = {r}; }}");
    let out = eval_with(env!("CARGO_BIN_EXE_nixvm"), &s.0, &shallow, &flakes);
    assert_eq!(
        stdout_ok(out, "nixvm", &shallow),
        ours.replace(" revCount = 2;", "")
    );
    // A dirty tree has no commit to name, and no fallback as in fetchGit.
    write(&repo.join("a"), "changed\n");
    let out = eval_with(
        env!("CARGO_BIN_EXE_nixvm"),
        &s.0,
        &format!("builtins.attrNames ({shallow})"),
        &flakes,
    );
    assert_eq!(
        stdout_ok(out, "nixvm", &shallow).trim(),
        "[ \"dirtyRev\" \"dirtyShortRev\" \"lastModified\" \"lastModifiedDate\" \"narHash\" \"outPath\" \"submodules\" ]"
    );
}

#[test]
fn a_dirty_working_tree_has_its_uncommitted_changes() {
    if !has_oracle() {
        return;
    }
    let s = Scratch::new("dirty");
    let repo = s.path("repo");
    sample_repo(&repo);
    let head = git_out(&repo, &["rev-parse", "HEAD"]);
    write(&repo.join("a"), "changed\n");
    write(&repo.join("staged"), "new\n");
    git(&repo, &["add", "staged"]);
    let r = repo.display();
    // CppNix 2.8 has no dirtyRev and dirtyShortRev; the rest agrees.
    let expr =
        format!("builtins.removeAttrs (builtins.fetchGit {r}) [ \"dirtyRev\" \"dirtyShortRev\" ]");
    let ours = nixvm(&s.0, &expr);
    let theirs = eval_with("nix-instantiate", &s.0, &expr, &[]);
    let warning = format!("warning: Git tree '{r}' is dirty");
    assert!(String::from_utf8_lossy(&ours.stderr).contains(&warning));
    assert!(String::from_utf8_lossy(&theirs.stderr).contains(&warning));
    let ours = stdout_ok(ours, "nixvm", &expr);
    assert_eq!(ours, stdout_ok(theirs, "nix-instantiate", &expr));
    assert!(ours.contains("rev = \"0000000000000000000000000000000000000000\""));
    assert!(ours.contains("revCount = 0;"));
    // The changed file as it is on disk, the staged one, not the untracked one.
    let t = format!("(builtins.fetchGit {r}).outPath");
    let read = format!(
        "[ (builtins.readFile ({t} + \"/a\")) (builtins.readFile ({t} + \"/staged\")) \
         (builtins.pathExists ({t} + \"/d/e\")) (builtins.pathExists ({t} + \"/untracked\")) ]"
    );
    let both = same_as_oracle(&s.0, &read);
    assert_eq!(both.trim(), "[ \"changed\\n\" \"new\\n\" true false ]");
    // A tracked file deleted from the working tree is not part of it, nor are the
    // directories it leaves empty (CppNix 2.8 kept those).
    std::fs::remove_file(repo.join("d/e/f")).unwrap();
    let gone = stdout_ok(nixvm(&s.0, &read), "nixvm", &read);
    assert_eq!(gone.trim(), "[ \"changed\\n\" \"new\\n\" false false ]");
    let dirty = stdout_ok(
        nixvm(
            &s.0,
            &format!("with builtins.fetchGit {r}; [ dirtyRev dirtyShortRev ]"),
        ),
        "nixvm",
        "dirtyRev",
    );
    assert_eq!(
        dirty.trim(),
        format!("[ \"{head}-dirty\" \"{}-dirty\" ]", &head[..7])
    );
}

#[test]
fn submodules_are_read_when_asked_for() {
    if !has_oracle() {
        return;
    }
    let s = Scratch::new("submodules");
    let sub = s.path("sub");
    init(&sub);
    write(&sub.join("s"), "s\n");
    git(&sub, &["add", "s"]);
    git(&sub, &["commit", "-q", "-m", "sub"]);
    let main = s.path("main");
    init(&main);
    write(&main.join("m"), "m\n");
    git(&main, &["add", "m"]);
    let sub_url = sub.display().to_string();
    git(&main, &["submodule", "add", "-q", &sub_url, "sub"]);
    git(&main, &["commit", "-q", "-m", "main"]);
    let m = main.display();
    for args in [
        "submodules = true;",
        "submodules = true; ref = \"main\";",
        "ref = \"main\";",
    ] {
        same_as_oracle(&s.0, &format!("builtins.fetchGit {{ url = {m}; {args} }}"));
    }
    let with = format!("(builtins.fetchGit {{ url = {m}; submodules = true; }}).outPath");
    same_as_oracle(&s.0, &format!("builtins.readFile ({with} + \"/sub/s\")"));
    // Current Nix leaves a submodule out of a working tree read without submodules (CppNix
    // 2.8 read the commit, with an empty directory there).
    let names = stdout_ok(
        nixvm(
            &s.0,
            &format!("builtins.attrNames (builtins.readDir (builtins.fetchGit {m}))"),
        ),
        "nixvm",
        "readDir",
    );
    assert_eq!(names.trim(), "[ \".gitmodules\" \"m\" ]");
}

#[test]
fn a_shallow_clone_counts_no_revisions() {
    if !has_oracle() {
        return;
    }
    let s = Scratch::new("shallow");
    let full = s.path("full");
    sample_repo(&full);
    let url = format!("file://{}", full.display());
    git(&s.0, &["clone", "-q", "--depth", "1", &url, "shallow"]);
    let sh = s.path("shallow");
    let sh = sh.display();
    same_as_oracle(
        &s.0,
        &format!("builtins.fetchGit {{ url = {sh}; shallow = true; }}"),
    );
    // Current Nix fails only when the count is used.
    let out = nixvm(&s.0, &format!("(builtins.fetchGit {sh}).revCount"));
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!(
            "error: '{sh}' is a shallow Git repository, so 'revCount' is not available"
        )),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = nixvm(&s.0, &format!("(builtins.fetchGit {sh}).shortRev"));
    assert!(out.status.success());
}

#[test]
fn what_is_not_a_repository_is_an_error() {
    let s = Scratch::new("not-a-repo");
    write(&s.path("plain/x"), "x\n");
    let plain = s.path("plain");
    let out = nixvm(&s.0, &format!("builtins.fetchGit {}", plain.display()));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains(&format!(
        "warning: could not read HEAD ref from repo at 'file://{}', using 'master'",
        plain.display()
    )));
    assert!(err.contains(&format!(
        "error: Failed to fetch git repository 'file://{}'",
        plain.display()
    )));
    let missing = s.path("missing");
    let out = nixvm(&s.0, &format!("builtins.fetchGit {}", missing.display()));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains(&format!("opening Git repository '{}'", missing.display()))
    );
    // A remote repository would need the network.
    let out = nixvm(&s.0, "builtins.fetchGit \"https://example.org/r.git\"");
    assert_eq!(out.status.code(), Some(1));
    // Pure evaluation refuses a working tree, which has no commit to pin.
    let out = eval_with(
        env!("CARGO_BIN_EXE_nixvm"),
        &s.0,
        &format!("builtins.fetchGit {}", plain.display()),
        &["--pure-eval"],
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "in pure evaluation mode, 'fetchGit' doesn't fetch unlocked input 'git+file://"
        )
    );
}

#[test]
fn read_write_mode_puts_the_tree_in_the_store() {
    let Some(d) = nixvm_daemon::TestDaemon::or_skip() else {
        return;
    };
    let s = Scratch::new("store");
    let repo = s.path("repo");
    sample_repo(&repo);
    let expr = format!(
        "with builtins.fetchGit {}; [ outPath (builtins.convertHash {{ hash = narHash; toHashFormat = \"nix32\"; }}) ]",
        repo.display()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_nixvm"))
        .args([
            "--eval",
            "--strict",
            "--json",
            "--read-write-mode",
            "-E",
            &expr,
        ])
        .envs(d.client_env())
        .current_dir(d.work_dir())
        .output()
        .unwrap();
    let printed = stdout_ok(out, "nixvm", &expr);
    let [path, nar]: [String; 2] = serde_json::from_str(&printed).unwrap();
    let hash = Command::new("nix-store")
        .args(["--query", "--hash", &path])
        .envs(d.client_env())
        .output()
        .unwrap();
    let hash = stdout_ok(hash, "nix-store", &path);
    assert_eq!(hash.trim(), format!("sha256:{nar}"));
}
