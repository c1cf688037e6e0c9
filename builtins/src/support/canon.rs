//! The canonical form of an absolute path written as a string, as Nix's `canonPath`
//! computes it without looking at the file system.

/// `path` with `.` and `..` resolved and repeated and trailing slashes removed; `..` at
/// the root stays at the root.
pub fn canon_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::canon_path;

    #[test]
    fn paths_are_canonicalised() {
        assert_eq!(canon_path("/"), "/");
        assert_eq!(canon_path("//a//b/"), "/a/b");
        assert_eq!(canon_path("/a/./b/../c"), "/a/c");
        assert_eq!(canon_path("/../.."), "/");
    }
}
