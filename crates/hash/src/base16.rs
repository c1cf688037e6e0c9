//! Lower-case hexadecimal, the form `builtins.hashString` returns.
//!
//! Decoding accepts either case because Nix does.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Length of the base-16 encoding of `n` bytes.
pub fn encoded_len(n: usize) -> usize {
    n * 2
}

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(encoded_len(bytes.len()));
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

fn digit_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Decode hex of even length; `None` on an odd length or a non-hex byte.
pub fn decode(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    s.chunks_exact(2)
        .map(|pair| Some(digit_value(pair[0])? << 4 | digit_value(pair[1])?))
        .collect()
}
