//! Paths as Nix writes them: lexically canonical, with no trip to the file system.

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

/// `path` as Nix's `canonPath` makes it: absolute, with empty and `.` components dropped,
/// `..` removing the component before it (but never climbing above `/`), no trailing
/// slash. Symlinks are not followed.
pub fn canon_path(path: &[u8]) -> PathBuf {
    canon_under(b"/", path)
}

/// [`canon_path`] of `base/rel` where `base` is canonical already, reading only `rel`: a
/// path literal is made canonical onto its file's directory, which is made canonical once.
pub fn canon_under(base: &[u8], rel: &[u8]) -> PathBuf {
    // Built as bytes: `PathBuf::push` and `pop` check and parse the whole path at every
    // component, and every path literal of every file read comes through here.
    let mut out: Vec<u8> = Vec::with_capacity(base.len() + 1 + rel.len());
    if base != b"/" {
        out.extend_from_slice(base);
    }
    for part in rel.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                let parent = out.iter().rposition(|&b| b == b'/').unwrap_or(0);
                out.truncate(parent);
            }
            name => {
                out.push(b'/');
                out.extend_from_slice(name);
            }
        }
    }
    if out.is_empty() {
        out.push(b'/');
    }
    PathBuf::from(OsString::from_vec(out))
}

/// [`canon_path`] of a path.
pub fn canonical(path: &Path) -> PathBuf {
    canon_path(path.as_os_str().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_a_canonical_base_is_canonical_of_the_join() {
        for base in ["/", "/a", "/a/b"] {
            for rel in [
                "",
                ".",
                "..",
                "../..",
                "../../..",
                "x/./y/",
                "x/../../z",
                "x//y",
            ] {
                let joined = format!("{base}/{rel}");
                assert_eq!(
                    canon_under(base.as_bytes(), rel.as_bytes()),
                    canon_path(joined.as_bytes()),
                    "{base} + {rel}"
                );
            }
        }
    }

    #[test]
    fn dots_slashes_and_parents_are_resolved() {
        assert_eq!(canon_path(b"/a/./b//c/"), PathBuf::from("/a/b/c"));
        assert_eq!(canon_path(b"/a/b/../c/."), PathBuf::from("/a/c"));
        assert_eq!(canon_path(b"/../.."), PathBuf::from("/"));
        assert_eq!(canon_path(b"/"), PathBuf::from("/"));
        assert_eq!(canon_path(b"//a//b/"), PathBuf::from("/a/b"));
        assert_eq!(canonical(Path::new("/x/../y")), PathBuf::from("/y"));
        assert_eq!(canon_path(b"/a/b/.."), PathBuf::from("/a"));
        assert_eq!(canon_path(b"/a/.."), PathBuf::from("/"));
        assert_eq!(canon_path(b"/a/../../b/./c/.."), PathBuf::from("/b"));
        assert_eq!(canon_path(b"/a/..b/.c"), PathBuf::from("/a/..b/.c"));
    }
}
