//! Fetches of small repositories built in a temporary directory: what the written tree
//! holds, and what the fetch says about it.

use std::path::{Path, PathBuf};
use std::process::Command;

use nixvm_git::{Fetched, NULL_REV, Request, RevCount, fetch};

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("nixvm-git-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "T")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "T")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_DATE", "2022-01-02T03:04:05Z")
        .env("GIT_AUTHOR_DATE", "2022-01-02T03:04:05Z")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Every path below `dir`, sorted, directories marked with a final `/`.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            if e.file_type().unwrap().is_dir() {
                out.push(format!("{rel}/"));
                walk(root, &e.path(), out);
            } else {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn request(path: &Path) -> Request {
    Request {
        path: path.to_path_buf(),
        git_ref: None,
        rev: None,
        submodules: false,
        export_ignore: false,
        shallow: false,
    }
}

fn run(req: &Request, dest: &Path) -> (Fetched, Vec<String>) {
    let mut warnings = Vec::new();
    let fetched = fetch(req, dest, &mut |w| warnings.push(w)).unwrap();
    (fetched, warnings)
}

/// A repository with an ignored-on-export file, committed.
fn repo(s: &Scratch) -> PathBuf {
    let repo = s.0.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    write(&repo.join("keep/a"), "a\n");
    write(&repo.join("secret/b"), "b\n");
    write(&repo.join(".gitattributes"), "secret export-ignore\n");
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "one"]);
    repo
}

#[test]
fn a_clean_working_tree_names_its_commit() {
    let s = Scratch::new("clean");
    let repo = repo(&s);
    let (fetched, warnings) = run(&request(&repo), &s.0.join("out"));
    assert!(warnings.is_empty());
    assert_eq!(
        fetched.rev.as_deref(),
        Some(git(&repo, &["rev-parse", "HEAD"]).as_str())
    );
    assert_eq!(fetched.rev_count, RevCount::Known(1));
    assert_eq!(fetched.last_modified, 1_641_092_645);
    assert_eq!(
        listing(&s.0.join("out")),
        [".gitattributes", "keep/", "keep/a", "secret/", "secret/b"]
    );
}

#[test]
fn export_ignore_hides_paths_in_working_trees_and_commits() {
    let s = Scratch::new("export-ignore");
    let repo = repo(&s);
    let mut req = request(&repo);
    req.export_ignore = true;
    run(&req, &s.0.join("workdir"));
    assert_eq!(
        listing(&s.0.join("workdir")),
        [".gitattributes", "keep/", "keep/a"]
    );
    req.git_ref = Some("main".into());
    run(&req, &s.0.join("commit"));
    assert_eq!(
        listing(&s.0.join("commit")),
        [".gitattributes", "keep/", "keep/a"]
    );
}

#[test]
fn a_dirty_working_tree_warns_and_names_no_commit() {
    let s = Scratch::new("dirty");
    let repo = repo(&s);
    write(&repo.join("keep/a"), "changed\n");
    write(&repo.join("untracked"), "u\n");
    let (fetched, warnings) = run(&request(&repo), &s.0.join("out"));
    assert_eq!(
        warnings,
        [format!("Git tree '{}' is dirty", repo.display())]
    );
    assert_eq!(fetched.rev, None);
    let head = git(&repo, &["rev-parse", "HEAD"]);
    assert_eq!(fetched.dirty_rev, Some(format!("{head}-dirty")));
    assert_eq!(
        std::fs::read_to_string(s.0.join("out/keep/a")).unwrap(),
        "changed\n"
    );
    assert!(!s.0.join("out/untracked").exists());
}

#[test]
fn a_repository_without_commits_has_the_null_revision() {
    let s = Scratch::new("empty");
    let repo = s.0.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    let (fetched, _) = run(&request(&repo), &s.0.join("out"));
    assert_eq!(fetched.rev.as_deref(), Some(NULL_REV));
    assert_eq!(fetched.rev_count, RevCount::Known(0));
    assert_eq!(fetched.last_modified, 0);
    assert!(listing(&s.0.join("out")).is_empty());
}

#[test]
fn an_unknown_revision_is_an_error() {
    let s = Scratch::new("unknown-rev");
    let repo = repo(&s);
    let mut req = request(&repo);
    req.rev = Some("1234567890123456789012345678901234567890".into());
    let e = fetch(&req, &s.0.join("out"), &mut |_| {}).unwrap_err();
    assert!(
        e.0.starts_with("Cannot find Git revision '1234567890123456789012345678901234567890'"),
        "{e}"
    );
}
