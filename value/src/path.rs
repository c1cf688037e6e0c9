//! Paths as Nix writes them: lexically canonical, with no trip to the file system.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// `path` as Nix's `canonPath` makes it: absolute, with empty and `.` components dropped,
/// `..` removing the component before it (but never climbing above `/`), no trailing
/// slash. Symlinks are not followed.
pub fn canon_path(path: &[u8]) -> PathBuf {
    let mut out = PathBuf::from("/");
    for part in path.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                out.pop();
            }
            name => out.push(OsStr::from_bytes(name)),
        }
    }
    out
}

/// [`canon_path`] of a path.
pub fn canonical(path: &Path) -> PathBuf {
    canon_path(path.as_os_str().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_slashes_and_parents_are_resolved() {
        assert_eq!(canon_path(b"/a/./b//c/"), PathBuf::from("/a/b/c"));
        assert_eq!(canon_path(b"/a/b/../c/."), PathBuf::from("/a/c"));
        assert_eq!(canon_path(b"/../.."), PathBuf::from("/"));
        assert_eq!(canon_path(b"/"), PathBuf::from("/"));
        assert_eq!(canon_path(b"//a//b/"), PathBuf::from("/a/b"));
        assert_eq!(canonical(Path::new("/x/../y")), PathBuf::from("/y"));
    }
}
