//! Serialisation helpers for `builtins.toJSON`, byte-compatible with current Nix, which
//! builds an nlohmann::json document and dumps it compactly.
//!
//! The evaluator's own walker handles attribute sets, `__toString`, `outPath`, paths and so
//! on, and calls these for the leaves; [`to_json`] is a complete writer for a [`Data`] tree.

use super::Data;
pub use super::float::write_json_float;

/// Why a string cannot be written: nlohmann's `type_error.316`, which Nix reports as
/// `JSON serialization error: [json.exception.type_error.316] …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Utf8Error(String);

impl Utf8Error {
    /// The complete message, as Nix prints it after `error: `.
    pub fn message(&self) -> String {
        format!(
            "JSON serialization error: [json.exception.type_error.316] {}",
            self.0
        )
    }
}

/// The length of the well-formed UTF-8 sequence at the start of `s` (a non-ASCII lead
/// byte), or the number of bytes that do fit a sequence before the one that does not (`Err`).
fn utf8_sequence(s: &[u8]) -> Result<usize, usize> {
    let ranges: &[(u8, u8)] = match s[0] {
        0xC2..=0xDF => &[(0x80, 0xBF)],
        0xE0 => &[(0xA0, 0xBF), (0x80, 0xBF)],
        0xE1..=0xEC | 0xEE..=0xEF => &[(0x80, 0xBF), (0x80, 0xBF)],
        0xED => &[(0x80, 0x9F), (0x80, 0xBF)],
        0xF0 => &[(0x90, 0xBF), (0x80, 0xBF), (0x80, 0xBF)],
        0xF1..=0xF3 => &[(0x80, 0xBF), (0x80, 0xBF), (0x80, 0xBF)],
        0xF4 => &[(0x80, 0x8F), (0x80, 0xBF), (0x80, 0xBF)],
        _ => return Err(0),
    };
    for (i, &(lo, hi)) in ranges.iter().enumerate() {
        match s.get(i + 1) {
            Some(&b) if (lo..=hi).contains(&b) => {}
            _ => return Err(i + 1),
        }
    }
    Ok(ranges.len() + 1)
}

/// Writes `s` as a quoted JSON string the way current Nix does: `"`, `\`, backspace, form
/// feed, newline, carriage return and tab get their short escapes, other bytes below 0x20
/// become `\u00xx` (lowercase hex), and everything else is copied, non-ASCII text included.
/// The string must be well-formed UTF-8; otherwise the error names the offending byte
/// (what has been written so far is then of no use).
pub fn write_json_string(out: &mut Vec<u8>, s: &[u8]) -> Result<(), Utf8Error> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push(b'"');
    let mut i = 0;
    while i < s.len() {
        // Copy the run of bytes that need no escaping in one go.
        let start = i;
        while i < s.len() && super::PLAIN[usize::from(s[i])] {
            i += 1;
        }
        out.extend_from_slice(&s[start..i]);
        let Some(&b) = s.get(i) else { break };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x00..=0x1F => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            }
            _ => match utf8_sequence(&s[i..]) {
                Ok(n) => {
                    out.extend_from_slice(&s[i..i + n]);
                    i += n;
                    continue;
                }
                Err(ok) if i + ok >= s.len() => {
                    return Err(Utf8Error(format!(
                        "incomplete UTF-8 string; last byte: 0x{:02X}",
                        s[s.len() - 1]
                    )));
                }
                Err(ok) => {
                    return Err(Utf8Error(format!(
                        "invalid UTF-8 byte at index {}: 0x{:02X}",
                        i + ok,
                        s[i + ok]
                    )));
                }
            },
        }
        i += 1;
    }
    out.push(b'"');
    Ok(())
}

/// Writes an integer in decimal.
pub fn write_json_int(out: &mut Vec<u8>, i: i64) {
    let mut digits = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut pos = digits.len();
    loop {
        pos -= 1;
        digits[pos] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[pos..]);
}

/// Serialises a whole tree compactly (no spaces), object members in the order given, as
/// Nix's `toJSON` prints. Duplicate keys are written as they are; the caller sorts and
/// deduplicates if it wants Nix's order. A [`Data::Timestamp`] is written as Nix's
/// attribute set for it, `{"_type":"timestamp","value":"…"}`.
pub fn to_json(d: &Data) -> Result<Vec<u8>, Utf8Error> {
    enum Task<'a> {
        Value(&'a Data),
        Key(&'a [u8]),
        Byte(u8),
    }
    let mut out = Vec::new();
    let mut tasks = vec![Task::Value(d)];
    while let Some(task) = tasks.pop() {
        match task {
            Task::Byte(b) => out.push(b),
            Task::Key(k) => {
                write_json_string(&mut out, k)?;
                out.push(b':');
            }
            Task::Value(v) => match v {
                Data::Null => out.extend_from_slice(b"null"),
                Data::Bool(true) => out.extend_from_slice(b"true"),
                Data::Bool(false) => out.extend_from_slice(b"false"),
                Data::Int(i) => write_json_int(&mut out, *i),
                Data::Float(f) => write_json_float(&mut out, *f),
                Data::String(s) => write_json_string(&mut out, s)?,
                Data::Timestamp { text, .. } => {
                    out.extend_from_slice(b"{\"_type\":\"timestamp\",\"value\":");
                    write_json_string(&mut out, text.as_bytes())?;
                    out.push(b'}');
                }
                Data::List(items) => {
                    out.push(b'[');
                    tasks.push(Task::Byte(b']'));
                    for (i, item) in items.iter().enumerate().rev() {
                        tasks.push(Task::Value(item));
                        if i > 0 {
                            tasks.push(Task::Byte(b','));
                        }
                    }
                }
                Data::Object(entries) => {
                    out.push(b'{');
                    tasks.push(Task::Byte(b'}'));
                    for (i, (k, v)) in entries.iter().enumerate().rev() {
                        tasks.push(Task::Value(v));
                        tasks.push(Task::Key(k));
                        if i > 0 {
                            tasks.push(Task::Byte(b','));
                        }
                    }
                }
            },
        }
    }
    Ok(out)
}
