//! Hashing for nixvm: digests, Nix's hash encodings (base-16, nix32,
//! base-64, SRI), store-path computation, `builtins.placeholder`, and NAR
//! hashing of filesystem trees.

#![forbid(unsafe_code)]

mod algo;
pub mod base16;
pub mod base64;
mod error;
mod format;
mod nar;
pub mod nix32;
mod store_path;

#[cfg(test)]
mod tests;

pub use algo::{Hash, HashAlgo, Hasher, hash_file};
pub use error::HashError;
pub use format::{BASE32_DEPRECATION_WARNING, HashFormat};
pub use nar::{
    NAR_MAGIC, dump_bytes_as_file, dump_path, dump_path_filtered, nar_hash_bytes_as_file,
    nar_hash_path, nar_hash_path_filtered,
};
pub use store_path::{
    DEFAULT_STORE_DIR, STORE_PATH_HASH_BYTES, compress_hash, make_fixed_output_path,
    make_path_type, make_source_path_from_nar_hash, make_store_path, make_text_path, placeholder,
    store_path_fingerprint,
};
