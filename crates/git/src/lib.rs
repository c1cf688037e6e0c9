//! Local Git repositories as Nix's `builtins.fetchGit` sees them, read by running the
//! `git` program, without the evaluator.
//!
//! [`fetch`] writes the tree a fetch yields to a directory and says what the fetch found
//! (the commit, its time, the number of commits, whether the working tree was dirty). The
//! rules are current Nix's (`libfetchers/git.cc`, `git-utils.cc`):
//!
//! * A local path with a `.git` and neither `ref` nor `rev` is read as a **working tree**:
//!   the files of the index that exist on disk, with their contents on disk (uncommitted
//!   changes included). Untracked files, deleted files and directories left empty are not
//!   part of it. When the index or a tracked file differs from `HEAD` the tree is *dirty*:
//!   there is no commit to name, and Nix warns "Git tree '…' is dirty". Submodules are
//!   left out unless asked for; then each is read the same way from its own working tree
//!   (a dirty submodule makes the whole tree dirty).
//! * With a `ref` or `rev`, or for a path without a `.git` (a bare repository, read as Nix
//!   reads a remote one), a **commit** is read: its tree as Git stores it, a submodule
//!   being an empty directory unless submodules are asked for, when the submodule's commit
//!   is read from the repository its URL names (local repositories only).
//! * `export-ignore` attributes leave paths out when asked for (Nix's default without
//!   submodules): from the index's `.gitattributes` for a working tree, from the commit's
//!   for a commit.
//! * `revCount` counts the commit and its ancestors; it is not available in a shallow
//!   clone, and not computed when `shallow` is asked for.
//!
//! Shelling out to `git` (as Nix itself did before it used libgit2) keeps the dependency
//! tree small and reads every repository format and index version `git` itself reads.
//! Reading the `export-ignore` attributes of a commit needs `git` 2.40 or later
//! (`check-attr --source`).

#![forbid(unsafe_code)]

mod export;
mod repo;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub use repo::{AttrSource, EntryKind, Repo, Submodule, TreeEntry};

/// A failure, with the message to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// What to fetch.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Request {
    /// The repository's absolute path.
    pub path: PathBuf,
    /// A branch, tag or other reference (`refs/…` or a branch name).
    pub git_ref: Option<String>,
    /// A commit id.
    pub rev: Option<String>,
    pub submodules: bool,
    pub export_ignore: bool,
    /// Do not count the commits (`revCount`).
    pub shallow: bool,
}

/// What a fetch found, besides the tree it wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The commit read; `None` for a dirty working tree.
    pub rev: Option<String>,
    /// `HEAD` with `-dirty` appended, for a dirty working tree with a `HEAD`.
    pub dirty_rev: Option<String>,
    /// The commit time of the commit read (of `HEAD` for a working tree), 0 without one.
    pub last_modified: u64,
    pub rev_count: RevCount,
}

/// The number of commits in the history of the commit read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RevCount {
    /// Not computed (`shallow`, or a dirty tree).
    Absent,
    Known(u64),
    /// Asked for but not available, with the message saying why.
    Unavailable(String),
}

/// The commit id Nix gives a working tree without commits.
pub const NULL_REV: &str = "0000000000000000000000000000000000000000";

/// How a local path is read: a path with a `.git` (or nothing at all) as a working tree,
/// any other existing path as a repository without one.
enum Location {
    Workdir,
    Repository,
}

fn locate(path: &Path) -> Location {
    if path.exists() && !path.join(".git").exists() {
        Location::Repository
    } else {
        Location::Workdir
    }
}

/// How Nix names a repository read as a remote one.
fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Fetches `req` into `dest` (which must not exist yet), reporting Nix's warnings to
/// `warn`.
pub fn fetch(req: &Request, dest: &Path, warn: &mut dyn FnMut(String)) -> Result<Fetched, Error> {
    match locate(&req.path) {
        Location::Workdir if req.git_ref.is_none() && req.rev.is_none() => {
            from_workdir(req, dest, warn)
        }
        Location::Workdir => {
            let repo = Repo::open_workdir(&req.path)?;
            let shown = req.path.display().to_string();
            from_commit(&repo, &shown, false, req, dest, warn)
        }
        Location::Repository => {
            let shown = file_url(&req.path);
            let repo = match Repo::open_bare(&req.path) {
                Ok(repo) => repo,
                Err(_) => {
                    if req.git_ref.is_none() {
                        warn(format!(
                            "could not read HEAD ref from repo at '{shown}', using 'master'"
                        ));
                    }
                    return Err(Error(format!("Failed to fetch git repository '{shown}'")));
                }
            };
            from_commit(&repo, &shown, true, req, dest, warn)
        }
    }
}

/// The commits counted for a commit read with `req`.
fn count_revs(repo: &Repo, shown: &str, req: &Request, rev: &str) -> Result<RevCount, Error> {
    if req.shallow {
        return Ok(RevCount::Absent);
    }
    if repo.is_shallow()? {
        return Ok(RevCount::Unavailable(format!(
            "'{shown}' is a shallow Git repository, so 'revCount' is not available"
        )));
    }
    Ok(RevCount::Known(repo.rev_count(rev)?))
}

fn from_workdir(
    req: &Request,
    dest: &Path,
    warn: &mut dyn FnMut(String),
) -> Result<Fetched, Error> {
    let repo = Repo::open_workdir(&req.path)?;
    let shown = req.path.display().to_string();
    let head = repo.head()?;
    let (index, mut dirty) = repo.index_files()?;
    // A file deleted from the working tree is not part of it (and makes it dirty).
    let files: BTreeSet<String> = index
        .into_iter()
        .filter(|f| std::fs::symlink_metadata(req.path.join(f)).is_ok())
        .collect();
    let submodules = if req.submodules {
        repo.workdir_submodules()?
    } else {
        Vec::new()
    };
    let mounted: BTreeSet<String> = submodules.iter().map(|s| s.path.clone()).collect();
    export::export_workdir(&repo, &files, &mounted, req.export_ignore, dest)?;
    for sub in &submodules {
        let sub_req = Request {
            path: req.path.join(&sub.path),
            git_ref: None,
            rev: None,
            submodules: true,
            export_ignore: req.export_ignore,
            shallow: false,
        };
        let at = dest.join(&sub.path);
        if let Some(parent) = at.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error(format!("creating directory '{}': {e}", parent.display())))?;
        }
        if fetch(&sub_req, &at, warn)?.rev.is_none() {
            dirty = true;
        }
    }
    let last_modified = match &head {
        Some(h) => repo.commit_time(h)?,
        None => 0,
    };
    if dirty {
        warn(format!("Git tree '{shown}' is dirty"));
        return Ok(Fetched {
            rev: None,
            dirty_rev: head.map(|h| format!("{h}-dirty")),
            last_modified,
            rev_count: RevCount::Absent,
        });
    }
    let rev_count = match &head {
        Some(h) => count_revs(&repo, &shown, req, h)?,
        None if req.shallow => RevCount::Absent,
        None => RevCount::Known(0),
    };
    Ok(Fetched {
        rev: Some(head.unwrap_or_else(|| NULL_REV.to_string())),
        dirty_rev: None,
        last_modified,
        rev_count,
    })
}

fn from_commit(
    repo: &Repo,
    shown: &str,
    remote: bool,
    req: &Request,
    dest: &Path,
    warn: &mut dyn FnMut(String),
) -> Result<Fetched, Error> {
    let git_ref = match &req.git_ref {
        Some(r) => r.clone(),
        None => match repo.head_ref()? {
            Some(r) => r,
            None => {
                warn(format!(
                    "could not read HEAD ref from repo at '{shown}', using 'master'"
                ));
                "master".to_string()
            }
        },
    };
    let rev = match &req.rev {
        Some(rev) => match repo.resolve(rev)? {
            Some(found) if found.eq_ignore_ascii_case(rev) => found,
            _ => {
                return Err(Error(format!(
                    "Cannot find Git revision '{rev}' in ref '{git_ref}' of repository '{shown}'! \
                     Please make sure that the rev exists on the ref you've specified or add \
                     allRefs = true; to fetchGit."
                )));
            }
        },
        None => {
            // A remote is asked for a branch unless the reference is spelt out.
            let wanted = if remote && !git_ref.starts_with("refs/") && git_ref != "HEAD" {
                format!("refs/heads/{git_ref}")
            } else {
                git_ref.clone()
            };
            match repo.resolve(&wanted)? {
                Some(rev) => rev,
                None if remote => {
                    return Err(Error(format!("Failed to fetch git repository '{shown}'")));
                }
                None => {
                    return Err(Error(format!(
                        "resolving Git reference '{git_ref}': revspec '{git_ref}' not found"
                    )));
                }
            }
        }
    };
    let last_modified = repo.commit_time(&rev)?;
    let rev_count = count_revs(repo, shown, req, &rev)?;
    export::export_commit(repo, &rev, req.export_ignore, dest)?;
    if req.submodules {
        let entries = repo.tree(&rev)?;
        for sub in repo.commit_submodules(&rev)? {
            let Some(link) = entries
                .iter()
                .find(|e| e.path == sub.path && e.kind == EntryKind::Submodule)
            else {
                continue;
            };
            let Some(path) = submodule_path(repo, &sub.url)? else {
                return Err(Error(format!(
                    "cannot fetch the Git submodule '{}' from '{}': only local repositories can be read",
                    sub.path, sub.url
                )));
            };
            let sub_req = Request {
                path,
                git_ref: None,
                rev: Some(link.id.clone()),
                submodules: true,
                export_ignore: req.export_ignore,
                shallow: true,
            };
            let at = dest.join(&sub.path);
            std::fs::remove_dir(&at)
                .map_err(|e| Error(format!("replacing '{}': {e}", at.display())))?;
            fetch(&sub_req, &at, warn)?;
        }
    }
    Ok(Fetched {
        rev: Some(rev),
        dirty_rev: None,
        last_modified,
        rev_count,
    })
}

/// The local repository a submodule's URL names: a relative URL (`./x`, `../x`) is taken
/// from the superproject's `origin` remote, or from the superproject itself without one.
fn submodule_path(repo: &Repo, url: &str) -> Result<Option<PathBuf>, Error> {
    let relative = url.starts_with("./") || url.starts_with("../");
    let url = if relative {
        let base = match repo.origin_url()? {
            Some(origin) => origin,
            None => repo.path().display().to_string(),
        };
        format!("{}/{url}", base.trim_end_matches('/'))
    } else {
        url.to_string()
    };
    let path = if let Some(rest) = url.strip_prefix("file://") {
        rest.to_string()
    } else if url.starts_with('/') {
        url
    } else {
        return Ok(None);
    };
    Ok(Some(normalise(Path::new(&path))))
}

/// `path` with its `.` and `..` components resolved textually.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_textually() {
        assert_eq!(normalise(Path::new("/a/b/./../c")), PathBuf::from("/a/c"));
        assert_eq!(normalise(Path::new("/../a")), PathBuf::from("/a"));
    }
}
