//! Textual forms of a hash: printing in each format and parsing every form
//! Nix accepts (SRI, `<algo>:<body>`, or a bare body with the algorithm
//! supplied by context).
//!
//! The parsing rules mirror `Hash::parseAny` in CppNix so that
//! `builtins.convertHash`, `outputHash` and friends accept and reject exactly
//! the same strings:
//! * a `:` anywhere makes the part before the first `:` the algorithm name;
//!   otherwise a `-` anywhere makes the string SRI, with the part before the
//!   first `-` the algorithm name (an unknown name is an error, not a hint
//!   that the string is something else);
//! * for a non-SRI body the encoding is chosen by length alone: base-16,
//!   then nix32, then base-64 (the three lengths never coincide for one
//!   algorithm);
//! * an SRI body is always base-64 and may have any length, as long as it
//!   decodes to the digest size.

use super::algo::{Hash, HashAlgo};
use super::error::HashError;
use super::{base16, base64, nix32};

/// How to print a hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashFormat {
    Base16,
    Nix32,
    Base64,
    Sri,
}

/// The warning Nix prints when the deprecated `"base32"` name is used.
pub const BASE32_DEPRECATION_WARNING: &str =
    "\"base32\" is a deprecated alias for hash format \"nix32\".";

impl HashFormat {
    /// Parse a format name as `builtins.convertHash`'s `toHashFormat` does.
    /// `"base32"` is accepted as the old name of nix32; see
    /// [`HashFormat::deprecation_warning`] for the warning Nix emits then.
    pub fn parse(name: &str) -> Result<HashFormat, HashError> {
        match name {
            "base16" => Ok(HashFormat::Base16),
            "nix32" | "base32" => Ok(HashFormat::Nix32),
            "base64" => Ok(HashFormat::Base64),
            "sri" => Ok(HashFormat::Sri),
            _ => Err(HashError::UnknownFormat(name.to_owned())),
        }
    }

    /// The warning to emit when `name` is a deprecated alias, if it is.
    pub fn deprecation_warning(name: &str) -> Option<&'static str> {
        (name == "base32").then_some(BASE32_DEPRECATION_WARNING)
    }

    /// Canonical name of the format.
    pub fn name(self) -> &'static str {
        match self {
            HashFormat::Base16 => "base16",
            HashFormat::Nix32 => "nix32",
            HashFormat::Base64 => "base64",
            HashFormat::Sri => "sri",
        }
    }
}

impl Hash {
    /// Print the hash. With `with_algo_prefix` the body is preceded by
    /// `"<algo>:"`; SRI always carries its `"<algo>-"` prefix whatever the flag.
    pub fn to_string(&self, format: HashFormat, with_algo_prefix: bool) -> String {
        let mut out = String::new();
        if format == HashFormat::Sri || with_algo_prefix {
            out.push_str(self.algo.name());
            out.push(if format == HashFormat::Sri { '-' } else { ':' });
        }
        let body = match format {
            HashFormat::Base16 => base16::encode(&self.digest),
            HashFormat::Nix32 => nix32::encode(&self.digest),
            HashFormat::Base64 | HashFormat::Sri => base64::encode(&self.digest),
        };
        out.push_str(&body);
        out
    }

    /// Shorthand for the SRI form (`"sha256-…"`).
    pub fn to_sri(&self) -> String {
        self.to_string(HashFormat::Sri, true)
    }

    /// Parse any textual form Nix accepts: SRI (`"sha256-<base64>"`),
    /// `"<algo>:<body>"` with a base-16/nix32/base-64 body, or a bare body
    /// whose algorithm is given by `algo`. If both the string and `algo`
    /// name an algorithm they must agree.
    pub fn parse(s: &str, algo: Option<HashAlgo>) -> Result<Hash, HashError> {
        let (prefix, rest, is_sri) = split_prefix(s)?;
        let algo = match (prefix, algo) {
            (None, None) => return Err(HashError::MissingType(rest.to_owned())),
            (Some(found), Some(expected)) if found != expected => {
                return Err(HashError::WrongType {
                    hash: s.to_owned(),
                    expected,
                });
            }
            (Some(found), _) => found,
            (None, Some(given)) => given,
        };
        decode_body(rest, algo, is_sri)
    }

    /// Parse a string that must carry its own algorithm (`<algo>:` or SRI).
    pub fn parse_prefixed(s: &str) -> Result<Hash, HashError> {
        let (prefix, rest, is_sri) = split_prefix(s)?;
        let algo = prefix.ok_or_else(|| HashError::MissingTypePrefix(rest.to_owned()))?;
        decode_body(rest, algo, is_sri)
    }

    /// Parse a string that must be SRI (`"<algo>-<base64>"`).
    pub fn parse_sri(s: &str) -> Result<Hash, HashError> {
        let (name, rest) = s
            .split_once('-')
            .ok_or_else(|| HashError::NotSri(s.to_owned()))?;
        decode_body(rest, HashAlgo::parse(name)?, true)
    }

    /// Parse a bare, non-SRI body of a known algorithm.
    pub fn parse_bare(s: &str, algo: HashAlgo) -> Result<Hash, HashError> {
        decode_body(s, algo, false)
    }

    /// Like [`Hash::parse`], but an empty string yields the all-zero hash,
    /// as Nix does for an empty `outputHash`. Nix warns in that case with
    /// `found empty hash, assuming '<hash in SRI form>'`; the caller should
    /// do the same when `s` is empty.
    pub fn parse_allow_empty(s: &str, algo: Option<HashAlgo>) -> Result<Hash, HashError> {
        if s.is_empty() {
            algo.map(Hash::zero).ok_or(HashError::EmptyHashNeedsAlgo)
        } else {
            Hash::parse(s, algo)
        }
    }
}

/// Split off an `<algo>:` or (failing that) `<algo>-` prefix.
/// Returns the parsed algorithm, the remaining body, and whether the
/// separator was `-` (SRI).
fn split_prefix(s: &str) -> Result<(Option<HashAlgo>, &str, bool), HashError> {
    if let Some((name, rest)) = s.split_once(':') {
        Ok((Some(HashAlgo::parse(name)?), rest, false))
    } else if let Some((name, rest)) = s.split_once('-') {
        Ok((Some(HashAlgo::parse(name)?), rest, true))
    } else {
        Ok((None, s, false))
    }
}

/// Decode a body once the algorithm and SRI-ness are known.
fn decode_body(body: &str, algo: HashAlgo, is_sri: bool) -> Result<Hash, HashError> {
    let size = algo.digest_len();
    let len = body.len();
    let digest = if !is_sri && len == algo.base16_len() {
        base16::decode(body).ok_or_else(|| HashError::InvalidBase16(body.to_owned()))?
    } else if !is_sri && len == algo.nix32_len() {
        nix32::decode_exact(body, size).ok_or_else(|| HashError::InvalidNix32(body.to_owned()))?
    } else if is_sri || len == algo.base64_len() {
        let bytes = base64::decode(body).map_err(HashError::InvalidBase64Char)?;
        if bytes.len() != size {
            return Err(if is_sri {
                HashError::InvalidSri(body.to_owned())
            } else {
                HashError::InvalidBase64(body.to_owned())
            });
        }
        bytes
    } else {
        return Err(HashError::WrongLength {
            hash: body.to_owned(),
            algo,
        });
    };
    Ok(Hash { algo, digest })
}
