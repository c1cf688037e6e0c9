//! Loading code: `import`, `scopedImport`, and the search path (`<nixpkgs>` calls
//! `__findFile __nixPath "nixpkgs"`).

use std::path::PathBuf;

use nixvm_value::coerce::cannot_coerce;
use nixvm_value::expect::{expect_attrs, expect_list};
use nixvm_value::path::canon_path;
use nixvm_value::symbol::well_known;
use nixvm_value::{Coercion, Error, ErrorKind, FileType, GenCo, Host, Value};
use rustc_hash::FxHashMap;

use crate::files::access::{
    Realised, Resolve, coerce_to_path, path_bytes, realise_in_host, resolve_symlinks,
    string_without_context,
};
use crate::store::realise_context;
use crate::support::args::{arg_context, forced, in_arg};

/// Nix's limit on the symlinks followed to find the file an `import` means.
const MAX_FOLLOW: usize = 1024;

/// The file `import path` evaluates, as Nix's `resolveExprPath` finds it: a final symlink
/// is followed (so that relative paths in the file are relative to where it really is) and
/// a directory means its `default.nix`.
pub fn resolve_expr_path(h: &mut dyn Host, mut path: PathBuf) -> Result<PathBuf, Error> {
    let mut followed = 0;
    while let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
        followed += 1;
        if followed >= MAX_FOLLOW {
            return Err(Error::eval(format!(
                "too many symbolic links encountered while traversing the path '{}'",
                path.display()
            )));
        }
        let p = resolve_symlinks(h, parent, Resolve::Full)?.join(name);
        match h.io().stat(&p, false)? {
            None => {
                let shown =
                    crate::corepkgs::display_name(&p).unwrap_or_else(|| p.display().to_string());
                return Err(Error::new(ErrorKind::Io(format!(
                    "path '{shown}' does not exist"
                ))));
            }
            Some(st) if st.file_type == FileType::Symlink => {
                let target = h.io().read_link(&p)?;
                let mut joined = path_bytes(parent).to_vec();
                if target.first() == Some(&b'/') {
                    joined.clear();
                }
                joined.push(b'/');
                joined.extend_from_slice(&target);
                path = canon_path(&joined);
            }
            Some(_) => break,
        }
    }
    let resolved = resolve_symlinks(h, &path, Resolve::Full)?;
    match h.io().stat(&resolved, false)? {
        Some(st) if st.file_type == FileType::Directory => {
            let file = path.join("default.nix");
            // Nix only finds out when it opens the file, and says so.
            if h.io().stat(&file, true)?.is_none() {
                return Err(Error::new(ErrorKind::Io(format!(
                    "opening file '{}': No such file or directory",
                    file.display()
                ))));
            }
            Ok(file)
        }
        _ => Ok(path),
    }
}

/// The file a value passed to `import` or `scopedImport` names.
async fn import_target(co: &GenCo, v: Value) -> Result<PathBuf, Error> {
    let (path, context) = coerce_to_path(co, v, "while realising the context of a path").await?;
    co.host(move |h| {
        realise_context(h, &context)?;
        // A copy this evaluation made is read from its source, but the file keeps its
        // name in the store, where Nix imports it from: its own paths (`./.`) lie there.
        if let Some(copy) = crate::store::local_copy(h, &path) {
            let file = resolve_expr_path(h, copy.local())?;
            return Ok(copy.in_store(file));
        }
        match realise_in_host(h, path, Resolve::Nothing)? {
            Realised::Fs(p) => resolve_expr_path(h, p),
            // The evaluator reads a file it made (`toFile`) from memory.
            Realised::Text { path, .. } => Ok(path),
        }
    })
    .await
}

async fn import(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let path = import_target(&co, a[0].clone()).await?;
    Ok(co.import(path, None).await)
}

async fn scoped_import(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let path = import_target(&co, a[1].clone()).await?;
    let scope = forced(
        &co,
        a[0].clone(),
        expect_attrs,
        "while evaluating the first argument passed to builtins.scopedImport",
    )
    .await?;
    Ok(co.import(path, Some(scope)).await)
}

/// What each search path entry (by its `path` text) was resolved to, so that its warnings
/// are given once, as Nix caches them.
#[derive(Default)]
struct ResolvedEntries(FxHashMap<String, Option<PathBuf>>);

/// A search path entry as an absolute path: a relative one is relative to the current
/// directory, as in Nix.
fn absolute(path: &str) -> PathBuf {
    if path.starts_with('/') {
        return canon_path(path.as_bytes());
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let mut joined = path_bytes(&cwd).to_vec();
    joined.push(b'/');
    joined.extend_from_slice(path.as_bytes());
    canon_path(&joined)
}

/// Whether a search path entry is a URL Nix would download.
fn is_pseudo_url(s: &str) -> bool {
    if s.starts_with("channel:") || s.starts_with("flake:") {
        return true;
    }
    s.split_once("://").is_some_and(|(scheme, _)| {
        matches!(
            scheme,
            "http" | "https" | "file" | "channel" | "git" | "s3" | "ssh"
        )
    })
}

/// The directory a search path entry stands for, or `None` (with a warning) if it cannot
/// be used.
fn resolve_entry(h: &mut dyn Host, path: &str) -> Result<Option<PathBuf>, Error> {
    if let Some(done) = h
        .extensions()
        .get::<ResolvedEntries>()
        .and_then(|r| r.0.get(path))
    {
        return Ok(done.clone());
    }
    let resolved = if is_pseudo_url(path) {
        h.nix_warning(&format!(
            "Nix search path entry '{path}' cannot be downloaded, ignoring"
        ));
        None
    } else {
        let root = absolute(path);
        let exists = resolve_symlinks(h, &root, Resolve::Full).and_then(|r| h.io().stat(&r, false));
        match exists {
            Ok(Some(_)) => Some(root),
            Ok(None) => {
                h.nix_warning(&format!(
                    "Nix search path entry '{path}' does not exist, ignoring"
                ));
                None
            }
            Err(e) if matches!(e.kind(), ErrorKind::Restricted(_)) => None,
            Err(e) => return Err(e),
        }
    };
    h.extensions()
        .get_or_default::<ResolvedEntries>()
        .0
        .insert(path.to_string(), resolved.clone());
    Ok(resolved)
}

/// The part of `wanted` below `prefix`, if the entry can match it.
fn suffix_after<'a>(prefix: &str, wanted: &'a str) -> Option<&'a str> {
    let rest = wanted.strip_prefix(prefix)?;
    if prefix.is_empty() || rest.is_empty() {
        Some(rest)
    } else {
        rest.strip_prefix('/')
    }
}

/// Looks `wanted` up in the search path `entries` (prefix, path).
fn find_in(h: &mut dyn Host, entries: &[(String, String)], wanted: &str) -> Result<Value, Error> {
    for (prefix, path) in entries {
        let Some(suffix) = suffix_after(prefix, wanted) else {
            continue;
        };
        let Some(root) = resolve_entry(h, path)? else {
            continue;
        };
        let mut candidate = path_bytes(&root).to_vec();
        candidate.push(b'/');
        candidate.extend_from_slice(suffix.as_bytes());
        let candidate = canon_path(&candidate);
        let found = resolve_symlinks(h, &candidate, Resolve::Full)
            .and_then(|r| Ok(h.io().stat(&r, false)?.map(|_| r)));
        match found {
            Ok(Some(r)) => return Ok(Value::path(r)),
            Ok(None) => {}
            Err(e) if matches!(e.kind(), ErrorKind::Restricted(_)) => {}
            Err(e) => return Err(e),
        }
    }
    // Nix's own files come last, so that a search path entry can stand in for them.
    if let Some(rest) = wanted.strip_prefix("nix/") {
        return Ok(Value::path(crate::corepkgs::path_of(rest)));
    }
    let msg = if h.settings().pure_eval {
        format!("cannot look up '<{wanted}>' in pure evaluation mode (use '--impure' to override)")
    } else {
        format!(
            "file '{wanted}' was not found in the Nix search path (add it using $NIX_PATH or -I)"
        )
    };
    Err(Error::new(ErrorKind::Throw(msg)))
}

/// `__findFile searchPath "name/rest"`: the first entry of the search path whose prefix
/// matches and under which the rest exists.
async fn find_file(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let list = co.force(a[0].clone()).await;
    let list = in_arg(expect_list(&list), 0, "findFile")?;
    let mut entries = Vec::with_capacity(list.len());
    for e in list.iter() {
        let e = forced(
            &co,
            e.clone(),
            expect_attrs,
            "while evaluating an element of the list passed to builtins.findFile",
        )
        .await?;
        let prefix = match e.get(well_known::prefix()) {
            Some(p) => {
                let p = co.force(p.clone()).await;
                string_without_context(
                    &p,
                    "while evaluating the `prefix` attribute of an element of the list passed to builtins.findFile",
                )?
                .to_str_lossy()
                .into_owned()
            }
            None => String::new(),
        };
        let Some(path) = e.get(well_known::path()) else {
            return Err(Error::new(ErrorKind::AttributeMissing {
                name: "path".into(),
                suggestions: Vec::new(),
            })
            .with_trace(None, "in an element of the __nixPath"));
        };
        let path = co.force(path.clone()).await;
        if !matches!(path, Value::String(_) | Value::Path(_) | Value::Attrs(_)) {
            return Err(cannot_coerce(&path).with_trace(
                None,
                "while evaluating the `path` attribute of an element of the list passed to builtins.findFile",
            ));
        }
        let path = co.coerce(path, Coercion::PLAIN).await;
        if let Some(ctx) = path.context().cloned() {
            co.host(move |h| realise_context(h, &ctx)).await?;
        }
        entries.push((prefix, path.to_str_lossy().into_owned()));
    }
    let wanted = co.force(a[1].clone()).await;
    let wanted = string_without_context(&wanted, &arg_context(1, "findFile"))?;
    let wanted = wanted.to_str_lossy().into_owned();
    let found = co.host(move |h| find_in(h, &entries, &wanted)).await?;
    Ok(found)
}

builtins! {
    /// Load, parse and return the Nix expression in the file `path` (a directory means its
    /// `default.nix`).
    IMPORT = "import"(path) => gen import, global;
    /// Like `import`, but with the attributes of `scope` bound as variables in the file.
    SCOPED_IMPORT = "scopedImport"(scope, path) => gen scoped_import, global;
    /// Find `lookupPath` (such as `nixpkgs/lib`) in the search path `searchPath`.
    FIND_FILE = "findFile"(searchPath, lookupPath) => gen find_file;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_components() {
        assert_eq!(suffix_after("", "a/b"), Some("a/b"));
        assert_eq!(suffix_after("a", "a"), Some(""));
        assert_eq!(suffix_after("a", "a/b"), Some("b"));
        assert_eq!(suffix_after("a", "ab"), None);
        assert_eq!(suffix_after("ab", "a"), None);
    }

    #[test]
    fn pseudo_urls() {
        assert!(is_pseudo_url("https://example.com/x.tar.gz"));
        assert!(is_pseudo_url("channel:nixos-unstable"));
        assert!(is_pseudo_url("flake:nixpkgs"));
        assert!(!is_pseudo_url("/home/me/nixpkgs"));
    }
}
