//! Hash algorithms, the `Hash` value, and a streaming `Hasher`.
//!
//! The digests themselves come from the RustCrypto crates (`md-5`, `sha1`,
//! `sha2`); this file only maps Nix's algorithm names onto them and keeps
//! the algorithm next to the raw digest bytes, because every textual form
//! of a Nix hash needs both.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::error::HashError;
use super::{base64, nix32};

/// The hash algorithms the evaluator supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HashAlgo {
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

impl HashAlgo {
    /// All supported algorithms, in Nix's listing order.
    pub const ALL: [HashAlgo; 4] = [
        HashAlgo::Md5,
        HashAlgo::Sha1,
        HashAlgo::Sha256,
        HashAlgo::Sha512,
    ];

    /// Parse a Nix algorithm name. Names are case-sensitive in Nix.
    pub fn parse(name: &str) -> Result<HashAlgo, HashError> {
        match name {
            "md5" => Ok(HashAlgo::Md5),
            "sha1" => Ok(HashAlgo::Sha1),
            "sha256" => Ok(HashAlgo::Sha256),
            "sha512" => Ok(HashAlgo::Sha512),
            // Nix recognises the name but refuses it unless an experimental
            // feature is on; we never turn it on, so say so precisely rather
            // than pretending the name is unknown.
            "blake3" => Err(HashError::Blake3Disabled),
            _ => Err(HashError::UnknownAlgo(name.to_owned())),
        }
    }

    /// The name Nix prints for this algorithm (also the SRI prefix).
    pub fn name(self) -> &'static str {
        match self {
            HashAlgo::Md5 => "md5",
            HashAlgo::Sha1 => "sha1",
            HashAlgo::Sha256 => "sha256",
            HashAlgo::Sha512 => "sha512",
        }
    }

    /// Digest size in bytes.
    pub fn digest_len(self) -> usize {
        match self {
            HashAlgo::Md5 => 16,
            HashAlgo::Sha1 => 20,
            HashAlgo::Sha256 => 32,
            HashAlgo::Sha512 => 64,
        }
    }

    /// Length of the base-16 form of a digest of this algorithm.
    pub fn base16_len(self) -> usize {
        self.digest_len() * 2
    }

    /// Length of the nix32 form of a digest of this algorithm.
    pub fn nix32_len(self) -> usize {
        nix32::encoded_len(self.digest_len())
    }

    /// Length of the padded base-64 form of a digest of this algorithm.
    pub fn base64_len(self) -> usize {
        base64::encoded_len(self.digest_len())
    }
}

impl std::fmt::Display for HashAlgo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for HashAlgo {
    type Err = HashError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HashAlgo::parse(s)
    }
}

/// A digest together with the algorithm that produced it.
///
/// Deliberately no `Display` impl: a hash has several equally valid textual
/// forms, so callers must pick one with [`Hash::to_string`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hash {
    pub algo: HashAlgo,
    pub digest: Vec<u8>,
}

impl Hash {
    /// Hash a byte string in one go.
    pub fn digest(algo: HashAlgo, data: &[u8]) -> Hash {
        let mut h = Hasher::new(algo);
        h.update(data);
        h.finish()
    }

    /// The all-zero hash; Nix substitutes it for an empty `outputHash`.
    pub fn zero(algo: HashAlgo) -> Hash {
        Hash {
            algo,
            digest: vec![0; algo.digest_len()],
        }
    }

    /// Wrap raw digest bytes, checking that their length fits the algorithm.
    pub fn from_digest(algo: HashAlgo, digest: Vec<u8>) -> Option<Hash> {
        (digest.len() == algo.digest_len()).then_some(Hash { algo, digest })
    }
}

/// The per-algorithm RustCrypto state.
#[derive(Clone)]
enum State {
    Md5(Md5),
    Sha1(Sha1),
    Sha256(Sha256),
    Sha512(Sha512),
}

/// Incremental hasher, for hashing files and NAR streams piecewise.
///
/// It also counts the bytes fed to it, because the NAR size is wanted next
/// to the NAR hash whenever a path is added to the store.
#[derive(Clone)]
pub struct Hasher {
    state: State,
    bytes: u64,
}

impl Hasher {
    pub fn new(algo: HashAlgo) -> Hasher {
        let state = match algo {
            HashAlgo::Md5 => State::Md5(Md5::new()),
            HashAlgo::Sha1 => State::Sha1(Sha1::new()),
            HashAlgo::Sha256 => State::Sha256(Sha256::new()),
            HashAlgo::Sha512 => State::Sha512(Sha512::new()),
        };
        Hasher { state, bytes: 0 }
    }

    pub fn algo(&self) -> HashAlgo {
        match self.state {
            State::Md5(_) => HashAlgo::Md5,
            State::Sha1(_) => HashAlgo::Sha1,
            State::Sha256(_) => HashAlgo::Sha256,
            State::Sha512(_) => HashAlgo::Sha512,
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        self.bytes += data.len() as u64;
        match &mut self.state {
            State::Md5(h) => h.update(data),
            State::Sha1(h) => h.update(data),
            State::Sha256(h) => h.update(data),
            State::Sha512(h) => h.update(data),
        }
    }

    /// Number of bytes hashed so far.
    pub fn bytes_hashed(&self) -> u64 {
        self.bytes
    }

    pub fn finish(self) -> Hash {
        let algo = self.algo();
        let digest = match self.state {
            State::Md5(h) => h.finalize().to_vec(),
            State::Sha1(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
            State::Sha512(h) => h.finalize().to_vec(),
        };
        Hash { algo, digest }
    }
}

/// Lets a `Hasher` be the sink of `io::copy` or of the NAR writer.
impl Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Hash a file's contents (not its NAR serialisation), streaming it, as
/// `builtins.hashFile` does. Symlinks are followed, like `open(2)`.
pub fn hash_file(path: &Path, algo: HashAlgo) -> io::Result<Hash> {
    let mut hasher = Hasher::new(algo);
    copy_in_pieces(&mut File::open(path)?, &mut hasher)?;
    Ok(hasher.finish())
}

/// Copies what `r` reads to `w`, 64 KiB at a time, so that no file is held whole; returns
/// how many bytes that was.
pub(crate) fn copy_in_pieces<W: Write + ?Sized>(r: &mut impl Read, w: &mut W) -> io::Result<u64> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut copied = 0u64;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => return Ok(copied),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        w.write_all(&buf[..n])?;
        copied += n as u64;
    }
}
