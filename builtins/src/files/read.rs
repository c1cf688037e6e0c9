//! Reading the filesystem: `readFile`, `readDir`, `readFileType`, `pathExists`,
//! `hashFile`, and `toPath`, which only checks that a string is an absolute path.
//!
//! All access goes through the evaluator's [`EvalIO`](nixvm_value::EvalIO), after the
//! argument is realised as Nix realises it (see `access.rs`).

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use nixvm_value::{
    Attr, ContextElem, Error, ErrorKind, FileType, GenCo, NixAttrs, NixContext, NixString, Symbol,
    Thunk, Value,
};

use crate::files::access::{
    Realised, Resolve, coerce_to_path, path_bytes, realise_coerced, realise_path,
    string_without_context,
};
use crate::store::{self, nar::file_hash};
use crate::support::args::arg_context;
use nixvm_hash::{HashAlgo, HashError, HashFormat};

fn does_not_exist(path: &Path) -> Error {
    Error::new(ErrorKind::Io(format!(
        "path '{}' does not exist",
        path.display()
    )))
}

/// The type of `path` itself, or an error if nothing is there.
fn lstat_type(h: &mut dyn nixvm_value::Host, path: &Path) -> Result<FileType, Error> {
    match h.io().stat(path, false)? {
        Some(st) => Ok(st.file_type),
        None => Err(does_not_exist(path)),
    }
}

/// The contents of a realised path, which must be a regular file.
fn read_contents(h: &mut dyn nixvm_value::Host, r: &Realised) -> Result<Vec<u8>, Error> {
    match r {
        Realised::Text { contents, .. } => Ok(contents.to_vec()),
        Realised::Fs(p) => match lstat_type(h, p)? {
            FileType::Directory => Err(Error::new(ErrorKind::Io(
                "reading from file: Is a directory".into(),
            ))),
            _ => h.io().read_file(p),
        },
    }
}

async fn read_file(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let (original, context) =
        coerce_to_path(&co, a[0].clone(), "while realising the context of a path").await?;
    let realised = realise_coerced(&co, original.clone(), context, Resolve::Full).await?;
    let r = realised.clone();
    let (contents, references) = co
        .host(move |h| {
            let contents = read_contents(h, &r)?;
            let store_dir = h.settings().store_dir.clone();
            let refs = original
                .to_str()
                .and_then(|s| store::split_store_path(&store_dir, s))
                .and_then(|(object, _)| store::references_of(h, object))
                .unwrap_or_default();
            Ok::<_, Error>((contents, refs))
        })
        .await?;
    if contents.contains(&0) {
        return Err(Error::eval(format!(
            "the contents of the file '{}' cannot be represented as a Nix string",
            realised.path().display()
        )));
    }
    // A store file refers to those of its store object's references that occur in it.
    let mut context = NixContext::new();
    for r in references {
        let hash_part = r.rsplit('/').next().and_then(|b| b.get(..32)).unwrap_or("");
        if !hash_part.is_empty() && contains(&contents, hash_part.as_bytes()) {
            context.insert(ContextElem::Opaque(r.into()));
        }
    }
    Ok(Value::String(NixString::with_context(contents, context)))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn read_dir(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let realised = realise_path(&co, a[0].clone(), Resolve::Full).await?;
    let entries = co
        .host(move |h| {
            let dir = match realised {
                Realised::Text { path, .. } => {
                    return Err(Error::eval(format!(
                        "'{}' is not a directory",
                        path.display()
                    )));
                }
                Realised::Fs(p) => p,
            };
            if lstat_type(h, &dir)? != FileType::Directory {
                return Err(Error::eval(format!(
                    "'{}' is not a directory",
                    dir.display()
                )));
            }
            Ok((h.io().read_dir(&dir)?, dir, h.call_site()))
        })
        .await?;
    let (entries, dir, site) = entries;
    let attrs = entries
        .into_iter()
        .map(|(name, t)| {
            let value = if t == FileType::Unknown {
                // The type is looked up when it is used, as Nix does where the directory
                // listing does not say.
                let child = dir.join(OsStr::from_bytes(&name));
                Value::Thunk(Thunk::new_apply(
                    Value::Builtin(&READ_FILE_TYPE),
                    Value::path(child),
                    site,
                ))
            } else {
                Value::string(t.nix_name())
            };
            Attr::new(Symbol::intern(&name), value)
        })
        .collect();
    Ok(Value::Attrs(NixAttrs::from_unsorted_first_wins(attrs)))
}

async fn read_file_type(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let realised = realise_path(&co, a[0].clone(), Resolve::Nothing).await?;
    let t = co
        .host(move |h| match realised {
            Realised::Text { .. } => Ok(FileType::Regular),
            Realised::Fs(p) => lstat_type(h, &p),
        })
        .await?;
    Ok(Value::string(t.nix_name()))
}

async fn path_exists(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let v = co.force(a[0].clone()).await;
    // A string naming a directory the Nix way (a trailing `/` or `/.`) must be one.
    let must_be_dir = matches!(&v, Value::String(s)
        if s.as_bytes().ends_with(b"/") || s.as_bytes().ends_with(b"/."));
    let mode = if must_be_dir {
        Resolve::Full
    } else {
        Resolve::Ancestors
    };
    let realised = match realise_path(&co, v, mode).await {
        Ok(r) => r,
        Err(e) if matches!(e.kind(), ErrorKind::Restricted(_)) => return Ok(Value::Bool(false)),
        Err(e) => return Err(e),
    };
    let exists = co
        .host(move |h| {
            let t = match realised {
                Realised::Text { .. } => Some(FileType::Regular),
                Realised::Fs(p) => match h.io().stat(&p, false) {
                    Ok(st) => st.map(|s| s.file_type),
                    Err(e) if matches!(e.kind(), ErrorKind::Restricted(_)) => None,
                    Err(e) => return Err(e),
                },
            };
            Ok(t.is_some_and(|t| !must_be_dir || t == FileType::Directory))
        })
        .await?;
    Ok(Value::Bool(exists))
}

async fn hash_file(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let algo = co.force(a[0].clone()).await;
    let algo = string_without_context(&algo, &arg_context(0, "hashFile"))?;
    let algo = match HashAlgo::parse(&algo.to_str_lossy()) {
        Ok(a) => a,
        Err(HashError::UnknownAlgo(name)) => {
            return Err(Error::eval(format!("unknown hash algorithm '{name}'")));
        }
        Err(e) => return Err(Error::eval(e.to_string())),
    };
    let realised = realise_path(&co, a[1].clone(), Resolve::Full).await?;
    let hash = co
        .host(move |h| match &realised {
            Realised::Text { contents, .. } => Ok(nixvm_hash::Hash::digest(algo, contents)),
            Realised::Fs(p) => {
                if lstat_type(h, p)? == FileType::Directory {
                    return Err(Error::new(ErrorKind::Io(
                        "reading from file: Is a directory".into(),
                    )));
                }
                file_hash(h.io(), p, algo)
            }
        })
        .await?;
    Ok(Value::string(hash.to_string(HashFormat::Base16, false)))
}

async fn to_path(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let context = "while evaluating the first argument passed to builtins.toPath";
    let (path, context) = coerce_to_path(&co, a[0].clone(), context).await?;
    Ok(Value::String(NixString::with_context(
        path_bytes(&path).to_vec(),
        context,
    )))
}

builtins! {
    /// Return the contents of the file `path` as a string.
    READ_FILE = "readFile"(path) => gen read_file;
    /// Return the entries of the directory `path` as a set from names to their types
    /// ("regular", "directory", "symlink" or "unknown").
    READ_DIR = "readDir"(path) => gen read_dir;
    /// Return the type of the filesystem object at `p`: "regular", "directory", "symlink"
    /// or "unknown".
    READ_FILE_TYPE = "readFileType"(p) => gen read_file_type;
    /// Return whether the path `path` exists (a string ending in `/` must be a directory).
    PATH_EXISTS = "pathExists"(path) => gen path_exists;
    /// Return the base-16 hash of the file at `p` with the algorithm `algo` ("md5", "sha1",
    /// "sha256" or "sha512").
    HASH_FILE = "hashFile"(algo, p) => gen hash_file;
    /// Deprecated: check that `s` is an absolute path and return it as a string.
    TO_PATH = "toPath"(s) => gen to_path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_search() {
        assert!(contains(b"abcdef", b"cde"));
        assert!(!contains(b"abc", b"abcd"));
    }
}
