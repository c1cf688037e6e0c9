//! Standard base-64 (RFC 4648 alphabet, `=` padding), as used by SRI
//! hashes and `toHashFormat = "base64"`.
//!
//! Decoding copies Nix's leniency rather than RFC strictness, because
//! hashes that Nix accepts must parse here too: decoding stops at the first
//! `=`, newlines are skipped, and leftover bits of an incomplete final group
//! are dropped. The caller checks the decoded length.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Length of the padded encoding of `n` bytes.
pub fn encoded_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(encoded_len(bytes.len()));
    for chunk in bytes.chunks(3) {
        let b0 = u32::from(chunk[0]);
        let b1 = chunk.get(1).copied().map_or(0, u32::from);
        let b2 = chunk.get(2).copied().map_or(0, u32::from);
        let group = b0 << 16 | b1 << 8 | b2;
        // A chunk of k bytes yields k+1 significant characters.
        for i in 0..4 {
            if i <= chunk.len() {
                let v = (group >> (18 - 6 * i)) & 0x3f;
                out.push(ALPHABET[v as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn digit_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decode leniently (see module docs). Returns the first character that is
/// not in the alphabet as the error.
pub fn decode(s: &str) -> Result<Vec<u8>, char> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in s.chars() {
        match c {
            '=' => break,
            '\n' => continue,
            _ => {}
        }
        let digit = u8::try_from(c).ok().and_then(digit_value).ok_or(c)?;
        // Only the low 12 bits can still be pending, so masking keeps the
        // accumulator from overflowing on long inputs.
        acc = (acc << 6 | digit) & 0xfff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}
