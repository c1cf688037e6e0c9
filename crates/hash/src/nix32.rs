//! Nix's own base-32 ("nix32"), used in store paths and `--base32` output.
//!
//! It differs from RFC 4648 base-32 in two ways that both matter for
//! compatibility:
//! * the alphabet drops `e`, `o`, `u` and `t` (to avoid accidental words), and
//! * the digest is read as one little-endian bit string and the output
//!   starts with its *most* significant 5-bit group: character `k` counted
//!   from the end of the string holds bits `5k .. 5k+4`, where bit `i` is bit
//!   `i % 8` of byte `i / 8`. There is no padding; when the bit count is
//!   not a multiple of 5 the first character carries the spare high bits,
//!   which must be zero.

/// The 32 digits, in value order.
pub const ALPHABET: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";

/// Length of the nix32 encoding of `n` bytes: `ceil(8n / 5)`.
pub fn encoded_len(n: usize) -> usize {
    (n * 8).div_ceil(5)
}

fn digit_value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&d| d == c).map(|v| v as u32)
}

pub fn encode(bytes: &[u8]) -> String {
    let len = encoded_len(bytes.len());
    let mut out = String::with_capacity(len);
    // Walk the 5-bit groups from the most significant down, so the string
    // starts with the high end of the last byte.
    for group in (0..len).rev() {
        let bit = group * 5;
        let byte = bit / 8;
        let shift = bit % 8;
        // A group may straddle two bytes; the next byte supplies its top bits.
        let low = u32::from(bytes[byte]) >> shift;
        let high = bytes
            .get(byte + 1)
            .map_or(0, |&b| u32::from(b) << (8 - shift));
        out.push(ALPHABET[((low | high) & 0x1f) as usize] as char);
    }
    out
}

/// Decode a nix32 string into exactly `size` bytes.
///
/// `None` if the length is not `encoded_len(size)`, a character is not in
/// the alphabet, or the string sets bits beyond the last byte.
pub fn decode_exact(s: &str, size: usize) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if s.len() != encoded_len(size) || size == 0 {
        return None;
    }
    let mut out = vec![0u8; size];
    for (group, &c) in s.iter().rev().enumerate() {
        let digit = digit_value(c)?;
        let bit = group * 5;
        let byte = bit / 8;
        let shift = bit % 8;
        // Truncation to u8 is intended: the bits shifted out belong to the
        // next byte and are added there.
        out[byte] |= (digit << shift) as u8;
        let carry = digit >> (8 - shift);
        if byte + 1 < size {
            out[byte + 1] |= carry as u8;
        } else if carry != 0 {
            return None;
        }
    }
    Some(out)
}

/// Decode a nix32 string whose byte length is implied by its own length.
pub fn decode(s: &str) -> Option<Vec<u8>> {
    decode_exact(s, s.len() * 5 / 8)
}
