//! The parts of CppNix's hash parsing that flake references go through:
//! validating `rev` (a Git commit hash) and `narHash`, and re-rendering them
//! (`rev` as base16, `narHash` as SRI) when a reference is turned back into
//! a string. No hashing happens here.

use super::{Error, lossy};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algo {
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

impl Algo {
    pub fn size(self) -> usize {
        match self {
            Algo::Md5 => 16,
            Algo::Sha1 => 20,
            Algo::Sha256 => 32,
            Algo::Sha512 => 64,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Algo::Md5 => "md5",
            Algo::Sha1 => "sha1",
            Algo::Sha256 => "sha256",
            Algo::Sha512 => "sha512",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hash {
    pub algo: Algo,
    pub bytes: Vec<u8>,
}

/// `parseHashAlgo`. BLAKE3 sits behind the `blake3-hashes` experimental
/// feature, which is off by default, so it is reported the way CppNix
/// reports a disabled feature.
pub fn parse_algo(s: &[u8]) -> Result<Algo, Error> {
    match s {
        b"md5" => Ok(Algo::Md5),
        b"sha1" => Ok(Algo::Sha1),
        b"sha256" => Ok(Algo::Sha256),
        b"sha512" => Ok(Algo::Sha512),
        b"blake3" => Err(Error::missing_feature("blake3-hashes")),
        _ => Err(Error::other(format!(
            "unknown hash algorithm '{}', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'",
            lossy(s)
        ))),
    }
}

const NIX32_CHARS: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";
const BASE64_CHARS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#[derive(Clone, Copy)]
enum Format {
    Base16,
    Nix32,
    Base64,
    Sri,
}

impl Format {
    /// The name CppNix uses in "invalid … hash" messages.
    fn label(self) -> &'static str {
        match self {
            Format::Base16 => "base16",
            Format::Nix32 => "nix32",
            Format::Base64 => "Base64",
            Format::Sri => "SRI",
        }
    }

    fn decode(self, s: &[u8]) -> Option<Vec<u8>> {
        match self {
            Format::Base16 => decode_base16(s),
            Format::Nix32 => decode_nix32(s),
            Format::Base64 | Format::Sri => decode_base64(s),
        }
    }
}

fn decode_base16(s: &[u8]) -> Option<Vec<u8>> {
    s.chunks(2)
        .map(|p| {
            let hi = (p[0] as char).to_digit(16)?;
            let lo = (*p.get(1)? as char).to_digit(16)?;
            Some((hi << 4 | lo) as u8)
        })
        .collect()
}

/// Nix's base-32: digits from the end of the string fill the bytes from
/// the front, 5 bits at a time. Bits that spill past the last byte make the
/// result one byte longer, which the caller then rejects by length, exactly
/// as CppNix does.
fn decode_nix32(s: &[u8]) -> Option<Vec<u8>> {
    let mut res: Vec<u8> = Vec::with_capacity((s.len() * 5).div_ceil(8));
    for (n, &c) in s.iter().rev().enumerate() {
        let digit = NIX32_CHARS.iter().position(|&x| x == c)? as u32;
        let b = n * 5;
        let (i, j) = (b / 8, (b % 8) as u32);
        res.resize(i + 1, 0);
        res[i] |= (digit << j) as u8;
        let carry = digit >> (8 - j);
        if carry != 0 {
            res.resize(i + 2, 0);
            res[i + 1] |= carry as u8;
        }
    }
    Some(res)
}

/// Standard base64; stops at the first `=`, skips newlines, and (like
/// CppNix) does not insist on padding.
fn decode_base64(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in s {
        match c {
            b'=' => break,
            b'\n' => continue,
            _ => {}
        }
        let v = BASE64_CHARS.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6 | v) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

fn encode_base64(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
        for k in 0..=chunk.len() {
            out.push(BASE64_CHARS[(n >> (18 - 6 * k) & 63) as usize] as char);
        }
        (chunk.len()..3).for_each(|_| out.push('='));
    }
    out
}

impl Hash {
    pub fn zero(algo: Algo) -> Self {
        Hash {
            algo,
            bytes: vec![0; algo.size()],
        }
    }

    pub fn to_base16(&self) -> String {
        self.bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn to_sri(&self) -> String {
        format!("{}-{}", self.algo.name(), encode_base64(&self.bytes))
    }
}

fn parse_low_level(rest: &[u8], algo: Algo, format: Format) -> Result<Hash, Error> {
    // CppNix catches the decoder's error and carries on with an empty
    // result, so a bad character surfaces as a length mismatch of 0.
    let bytes = format.decode(rest).unwrap_or_default();
    if bytes.len() != algo.size() {
        return Err(Error::bad_hash(format!(
            "invalid {} hash '{}', length {} != expected length {}",
            format.label(),
            lossy(rest),
            bytes.len(),
            algo.size()
        )));
    }
    Ok(Hash { algo, bytes })
}

fn split_prefix(s: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    s.iter()
        .position(|&c| c == sep)
        .map(|i| (&s[..i], &s[i + 1..]))
}

/// `Hash::parseSRI`: `<algo>-<base64>`.
pub fn parse_sri(s: &[u8]) -> Result<Hash, Error> {
    let Some((algo, rest)) = split_prefix(s, b'-') else {
        return Err(Error::bad_hash(format!("hash '{}' is not SRI", lossy(s))));
    };
    parse_low_level(rest, parse_algo(algo)?, Format::Sri)
}

/// Shared part of `parseAny`/`parseAnyPrefixed`: an optional `<algo>:` or
/// SRI `<algo>-` prefix, then base16, nix32 or base64 told apart by length.
fn parse_any_helper(
    original: &[u8],
    resolve: impl FnOnce(Option<Algo>) -> Result<Algo, Error>,
) -> Result<Hash, Error> {
    let (prefix, rest, sri) = match split_prefix(original, b':') {
        Some((p, r)) => (Some(p), r, false),
        None => match split_prefix(original, b'-') {
            Some((p, r)) => (Some(p), r, true),
            None => (None, original, false),
        },
    };
    let parsed = prefix.map(parse_algo).transpose()?;
    let algo = resolve(parsed)?;
    let format = if sri {
        Format::Sri
    } else {
        let size = algo.size();
        match rest.len() {
            l if l == size * 2 => Format::Base16,
            l if l == (size * 8 - 1) / 5 + 1 => Format::Nix32,
            l if l == ((4 * size / 3) + 3) & !3 => Format::Base64,
            _ => {
                return Err(Error::bad_hash(format!(
                    "hash '{}' has wrong length for hash algorithm '{}'",
                    lossy(rest),
                    algo.name()
                )));
            }
        }
    };
    parse_low_level(rest, algo, format)
}

/// `Hash::parseAny`: the type comes from the string or from `expected`;
/// if both are given they must agree.
pub fn parse_any(s: &[u8], expected: Option<Algo>) -> Result<Hash, Error> {
    parse_any_helper(s, |parsed| match (parsed, expected) {
        (None, None) => Err(Error::bad_hash(format!(
            "hash '{}' does not include a type, nor is the type otherwise known from context",
            lossy(s)
        ))),
        (Some(p), Some(e)) if p != e => Err(Error::bad_hash(format!(
            "hash '{}' should have type '{}'",
            lossy(s),
            e.name()
        ))),
        (Some(a), _) | (None, Some(a)) => Ok(a),
    })
}

/// `Hash::parseAnyPrefixed`: the string itself must name the type.
pub fn parse_any_prefixed(s: &[u8]) -> Result<Hash, Error> {
    parse_any_helper(s, |parsed| {
        parsed
            .ok_or_else(|| Error::bad_hash(format!("hash '{}' does not include a type", lossy(s))))
    })
}
