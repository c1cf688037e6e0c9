//! Copying a local path to the store: computing the store path Nix would copy it to (from
//! its NAR hash, or the hash of its contents for a flat copy), recording where it came
//! from, and writing it if the store writes, for `"${./path}"`, `builtins.path` and
//! `filterSource`.

use std::path::Path;

use nixvm_value::{Error, ErrorKind, FileIngestion, FileType, Host};

use super::nar::{dump_nar, file_hash, nar_hash, stream_into};
use super::{Contents, StoreObjects, check_written, invalid_store_path, remember};
use crate::files::access::{Resolve, resolve_symlinks};
use nixvm_hash::{HashAlgo, make_fixed_output_path, make_source_path_from_nar_hash};

/// How the contents of a copied path are hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// The contents of a single regular file.
    Flat,
    /// The NAR serialisation of a whole tree.
    Recursive,
}

/// The last component of a path, as Nix's `baseName`.
pub fn base_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn does_not_exist(path: &Path) -> Error {
    Error::new(ErrorKind::Io(format!(
        "path '{}' does not exist",
        path.display()
    )))
}

/// The store path `"${path}"` stands for: the path copied under its own name, as a NAR.
/// Repeated copies of one path are computed once, as Nix caches them.
pub fn copy_path_to_store(h: &mut dyn Host, path: &Path) -> Result<String, Error> {
    if let Some(done) = h
        .extensions()
        .get::<StoreObjects>()
        .and_then(|s| s.copied(path))
    {
        return Ok(done.clone());
    }
    let source = resolve_symlinks(h, path, Resolve::Ancestors)?;
    let store_path = add_path(h, &source, &base_name(path), Method::Recursive, &|_| true)?;
    h.extensions()
        .get_or_default::<StoreObjects>()
        .remember_copy(path.to_path_buf(), store_path.clone());
    Ok(store_path)
}

/// Computes the store path of `source` copied with `method` under `name`, keeping only the
/// entries `keep` accepts, and records the copy.
pub fn add_path(
    h: &mut dyn Host,
    source: &Path,
    name: &str,
    method: Method,
    keep: &dyn Fn(&Path) -> bool,
) -> Result<String, Error> {
    let store_dir = h.settings().store_dir.clone();
    let Some(st) = h.io().stat(source, false)? else {
        return Err(does_not_exist(source));
    };
    let store_path = match method {
        Method::Recursive => {
            let hash = nar_hash(h.io(), source, HashAlgo::Sha256, keep)?;
            make_source_path_from_nar_hash(&store_dir, name, &hash)
        }
        Method::Flat => {
            if st.file_type != FileType::Regular {
                return Err(Error::eval(format!(
                    "file '{}' is not a regular file",
                    source.display()
                )));
            }
            let hash = file_hash(h.io(), source, HashAlgo::Sha256)?;
            make_fixed_output_path(&store_dir, name, false, &hash, &[])
                .map_err(|e| Error::eval(e.to_string()))?
        }
    };
    if let Some(e) = invalid_store_path(&store_path, &store_dir, name) {
        return Err(e);
    }
    write_copy(h, &store_path, source, name, method, keep)?;
    remember(h, &store_path, Contents::Local(source.to_path_buf()), &[]);
    Ok(store_path)
}

/// Writes the copy whose path is `store_path` to the store, if the store writes and does
/// not have it yet; the tree is read a second time for that.
fn write_copy(
    h: &mut dyn Host,
    store_path: &str,
    source: &Path,
    name: &str,
    method: Method,
    keep: &dyn Fn(&Path) -> bool,
) -> Result<(), Error> {
    let (store, io) = h.store_and_io();
    if !store.writes() {
        return Ok(());
    }
    // Rooted first, so that the garbage collector cannot take it between the check and
    // its use.
    store.add_temp_root(store_path)?;
    if store.is_valid_path(store_path)? {
        return Ok(());
    }
    let written = match method {
        Method::Recursive => store.add_dump(name, FileIngestion::Nar, &mut |w| {
            dump_nar(io, source, keep, w)
        })?,
        Method::Flat => store.add_dump(name, FileIngestion::Flat, &mut |w| {
            stream_into(io, source, w).map(|_| ())
        })?,
    };
    check_written(store_path, &written)
}
