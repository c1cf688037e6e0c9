//! Writing what a fetch sees as a plain directory: a working tree's tracked files copied,
//! or a commit's tree checked out from its objects.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use crate::Error;
use crate::repo::{AttrSource, EntryKind, Repo};

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error(format!("{what} '{}': {e}", path.display()))
}

/// Whether `path` or a directory above it is in `set`.
pub(crate) fn under_any(path: &str, set: &BTreeSet<String>) -> bool {
    let mut p = path;
    loop {
        if set.contains(p) {
            return true;
        }
        match p.rfind('/') {
            Some(i) => p = &p[..i],
            None => return false,
        }
    }
}

/// The directories above each of `paths`.
fn parents<'a>(paths: impl Iterator<Item = &'a String>) -> BTreeSet<String> {
    let mut dirs = BTreeSet::new();
    for p in paths {
        let mut p = p.as_str();
        while let Some(i) = p.rfind('/') {
            p = &p[..i];
            if !dirs.insert(p.to_string()) {
                break;
            }
        }
    }
    dirs
}

/// The paths `export-ignore` leaves out of `files`, asking about their directories too
/// (an ignored directory hides all it holds).
fn ignored(
    repo: &Repo,
    files: &BTreeSet<String>,
    source: AttrSource,
) -> Result<BTreeSet<String>, Error> {
    let dirs = parents(files.iter());
    let all: Vec<&str> = dirs
        .iter()
        .chain(files.iter())
        .map(String::as_str)
        .collect();
    repo.export_ignored(&all, source)
}

fn create_dirs(dir: &Path) -> Result<(), Error> {
    fs::create_dir_all(dir).map_err(|e| io_error("creating directory", dir, e))
}

/// Copies `from` (a file, symlink or directory, not followed) to `to`.
fn copy_tree(from: &Path, to: &Path) -> Result<(), Error> {
    let meta = fs::symlink_metadata(from).map_err(|e| io_error("reading", from, e))?;
    let kind = meta.file_type();
    if kind.is_symlink() {
        let target = fs::read_link(from).map_err(|e| io_error("reading the link", from, e))?;
        symlink(&target, to).map_err(|e| io_error("creating the link", to, e))
    } else if kind.is_dir() {
        create_dirs(to)?;
        let entries = fs::read_dir(from).map_err(|e| io_error("reading directory", from, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_error("reading directory", from, e))?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        fs::copy(from, to).map_err(|e| io_error("copying", from, e))?;
        let executable = meta.permissions().mode() & 0o100 != 0;
        set_executable(to, executable)
    }
}

fn set_executable(path: &Path, executable: bool) -> Result<(), Error> {
    let mode = if executable { 0o755 } else { 0o644 };
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| io_error("setting the mode of", path, e))
}

/// Copies the working tree's `files` (those of the index that exist) to `dest`, leaving
/// out `skip` (submodules, written separately) and what `export-ignore` hides when
/// `export_ignore` is set. The directories come from the files: an empty one is left out.
pub(crate) fn export_workdir(
    repo: &Repo,
    files: &BTreeSet<String>,
    skip: &BTreeSet<String>,
    export_ignore: bool,
    dest: &Path,
) -> Result<(), Error> {
    let hidden = if export_ignore {
        ignored(repo, files, AttrSource::Index)?
    } else {
        BTreeSet::new()
    };
    create_dirs(dest)?;
    for f in files {
        if under_any(f, skip) || under_any(f, &hidden) {
            continue;
        }
        let to = dest.join(f);
        if let Some(parent) = to.parent() {
            create_dirs(parent)?;
        }
        copy_tree(&repo.path().join(f), &to)?;
    }
    Ok(())
}

/// Checks out commit `rev`'s tree into `dest` from the repository's objects. A submodule
/// is an empty directory (its contents, if wanted, are written there afterwards).
pub(crate) fn export_commit(
    repo: &Repo,
    rev: &str,
    export_ignore: bool,
    dest: &Path,
) -> Result<(), Error> {
    let entries = repo.tree(rev)?;
    let hidden = if export_ignore {
        let all: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        repo.export_ignored(&all, AttrSource::Commit(rev))?
    } else {
        BTreeSet::new()
    };
    create_dirs(dest)?;
    let mut blobs = Vec::new();
    for entry in &entries {
        if under_any(&entry.path, &hidden) {
            continue;
        }
        match entry.kind {
            EntryKind::Directory | EntryKind::Submodule => create_dirs(&dest.join(&entry.path))?,
            EntryKind::File { .. } | EntryKind::Symlink => blobs.push(entry),
        }
    }
    let ids: Vec<&str> = blobs.iter().map(|e| e.id.as_str()).collect();
    repo.read_blobs(&ids, &mut |i, contents| {
        let entry = blobs[i];
        let to = dest.join(&entry.path);
        match entry.kind {
            EntryKind::Symlink => {
                use std::os::unix::ffi::OsStrExt;
                let target = std::ffi::OsStr::from_bytes(contents);
                symlink(target, &to).map_err(|e| io_error("creating the link", &to, e))
            }
            EntryKind::File { executable } => {
                fs::write(&to, contents).map_err(|e| io_error("writing", &to, e))?;
                set_executable(&to, executable)
            }
            EntryKind::Directory | EntryKind::Submodule => Ok(()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_under_a_set_at_component_boundaries() {
        let set: BTreeSet<String> = ["a/b".to_string()].into();
        assert!(under_any("a/b", &set));
        assert!(under_any("a/b/c", &set));
        assert!(!under_any("a/bc", &set));
        assert!(!under_any("a", &set));
    }

    #[test]
    fn parents_are_every_directory_above() {
        let files: Vec<String> = vec!["x/y/z".into(), "x/w".into(), "top".into()];
        let dirs: Vec<String> = parents(files.iter()).into_iter().collect();
        assert_eq!(dirs, vec!["x".to_string(), "x/y".to_string()]);
    }
}
