//! Store-path computation: the pure arithmetic that turns content hashes
//! into `/nix/store/<hash>-<name>` paths, plus `builtins.placeholder`.
//!
//! Every store path is derived from a *fingerprint* string
//! `"<type>:<algo>:<base16 inner hash>:<store dir>:<name>"`; its SHA-256 is
//! XOR-folded to 20 bytes and printed in nix32. What varies between kinds
//! of path is only the `<type>` and the inner hash:
//! * `text[:ref…]` — `builtins.toFile`; inner hash is SHA-256 of the contents;
//! * `source[:ref…][:self]` — NAR-hashed (recursive) SHA-256 content, i.e.
//!   `"${./file}"`, `builtins.path`, `filterSource`;
//! * `output:out` — every other fixed-output case (flat files, non-SHA-256
//!   algorithms); inner hash is SHA-256 of
//!   `"fixed:out:<r: if recursive><algo>:<base16 content hash>:"`.
//!
//! Nothing here touches the filesystem or validates store-path names.

use super::algo::{Hash, HashAlgo};
use super::error::HashError;
use super::format::HashFormat;
use super::nix32;

/// The default store directory.
pub const DEFAULT_STORE_DIR: &str = "/nix/store";

/// Size in bytes of the hash part of a store path (32 nix32 characters).
pub const STORE_PATH_HASH_BYTES: usize = 20;

/// XOR-fold `digest` into `size` bytes: byte `i` of the input is XORed into
/// byte `i % size` of the output. Nix uses this to shorten SHA-256 digests
/// to the 160 bits that appear in store paths.
pub fn compress_hash(digest: &[u8], size: usize) -> Vec<u8> {
    let mut out = vec![0u8; size];
    if size == 0 {
        return out;
    }
    for (i, &b) in digest.iter().enumerate() {
        out[i % size] ^= b;
    }
    out
}

/// The string whose SHA-256 determines a store path. Exposed because it is
/// handy when debugging a path mismatch against Nix.
pub fn store_path_fingerprint(
    store_dir: &str,
    path_type: &str,
    inner_hash: &Hash,
    name: &str,
) -> String {
    format!(
        "{path_type}:{}:{store_dir}:{name}",
        inner_hash.to_string(HashFormat::Base16, true)
    )
}

/// Nix's `makeStorePath`: `<store_dir>/<nix32 of folded sha256(fingerprint)>-<name>`.
pub fn make_store_path(store_dir: &str, path_type: &str, inner_hash: &Hash, name: &str) -> String {
    let fingerprint = store_path_fingerprint(store_dir, path_type, inner_hash, name);
    let digest = Hash::digest(HashAlgo::Sha256, fingerprint.as_bytes()).digest;
    let folded = compress_hash(&digest, STORE_PATH_HASH_BYTES);
    format!("{store_dir}/{}-{name}", nix32::encode(&folded))
}

/// Build a path type with its references: `<base>:<ref1>:<ref2>…[:self]`.
///
/// `references` are full store paths. Nix keeps them in an ordered set, so
/// they are sorted and de-duplicated here; within one store directory,
/// sorting full paths gives the same order as Nix's sort by base name.
pub fn make_path_type(base: &str, references: &[String], self_reference: bool) -> String {
    let mut refs: Vec<&str> = references.iter().map(String::as_str).collect();
    refs.sort_unstable();
    refs.dedup();
    let mut out = String::from(base);
    for r in refs {
        out.push(':');
        out.push_str(r);
    }
    if self_reference {
        out.push_str(":self");
    }
    out
}

/// The path `builtins.toFile name contents` writes to: type `text` plus
/// references (store paths from the string's context).
pub fn make_text_path(
    store_dir: &str,
    name: &str,
    contents: &[u8],
    references: &[String],
) -> String {
    let inner = Hash::digest(HashAlgo::Sha256, contents);
    make_store_path(
        store_dir,
        &make_path_type("text", references, false),
        &inner,
        name,
    )
}

/// The path of a fixed-output store object.
///
/// `hash` is the content hash: of the NAR serialisation when `recursive`,
/// of the flat file contents otherwise. Only recursive SHA-256 gets the
/// `source` type (and may carry references); everything else goes through
/// the `fixed:out:` indirection and must have no references.
pub fn make_fixed_output_path(
    store_dir: &str,
    name: &str,
    recursive: bool,
    hash: &Hash,
    references: &[String],
) -> Result<String, HashError> {
    if recursive && hash.algo == HashAlgo::Sha256 {
        return Ok(make_store_path(
            store_dir,
            &make_path_type("source", references, false),
            hash,
            name,
        ));
    }
    if !references.is_empty() {
        return Err(HashError::FixedOutputReferences(name.to_owned()));
    }
    Ok(make_indirect_fixed_output_path(
        store_dir, name, recursive, hash,
    ))
}

/// The `output:out` scheme: the store path commits to a digest of the
/// ingestion method and content hash rather than to the content hash itself.
fn make_indirect_fixed_output_path(
    store_dir: &str,
    name: &str,
    recursive: bool,
    hash: &Hash,
) -> String {
    let payload = format!(
        "fixed:out:{}{}:",
        if recursive { "r:" } else { "" },
        hash.to_string(HashFormat::Base16, true)
    );
    let inner = Hash::digest(HashAlgo::Sha256, payload.as_bytes());
    make_store_path(store_dir, "output:out", &inner, name)
}

/// The path that `"${./file}"`, `builtins.path` and `filterSource` give a
/// copied path, from the SHA-256 of its NAR serialisation.
///
/// A hash of another algorithm is accepted and treated as Nix would treat
/// a recursive fixed-output hash of that algorithm.
pub fn make_source_path_from_nar_hash(store_dir: &str, name: &str, nar_hash: &Hash) -> String {
    if nar_hash.algo == HashAlgo::Sha256 {
        make_store_path(store_dir, "source", nar_hash, name)
    } else {
        make_indirect_fixed_output_path(store_dir, name, true, nar_hash)
    }
}

/// `builtins.placeholder output_name`: `"/"` followed by the nix32 SHA-256
/// of `"nix-output:<output_name>"`. The builder replaces it with the real
/// output path.
pub fn placeholder(output_name: &str) -> String {
    let h = Hash::digest(
        HashAlgo::Sha256,
        format!("nix-output:{output_name}").as_bytes(),
    );
    format!("/{}", h.to_string(HashFormat::Nix32, false))
}
