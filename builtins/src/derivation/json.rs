//! The JSON of structured attributes (`__structuredAttrs = true`): each attribute's value
//! as `builtins.toJSON` writes it, in one object.

use nixvm_value::expect::expect_string;
use nixvm_value::{Error, GenCo, NixString, Value};

/// `builtins.toJSON v`, with its context; an error is handed back for the caller to add its
/// context lines to.
pub async fn to_json(co: &GenCo, v: Value) -> Result<NixString, Error> {
    let to_json = Value::Builtin(&crate::formats::TO_JSON);
    let s = co.call_catching(to_json, vec![v]).await?;
    expect_string(&s)
}

/// Appends `s` as a JSON string, escaped as Nix's JSON writer does it: `"` and `\`,
/// the usual short escapes, other control characters as `\u00XX`, everything else as is.
pub fn escape_into(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            c if c < 0x20 => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            c => out.push(c),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_nix() {
        let mut out = Vec::new();
        escape_into(&mut out, b"a\"b\\c\n\x01\xc3\xa9");
        assert_eq!(out, b"\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\"");
    }
}
