//! TOML strings (basic, literal and their multi-line forms) and keys.
//!
//! Per TOML 1.0.0: strings may hold tabs, printable ASCII and well-formed
//! non-ASCII UTF-8, but no other control characters and no DEL.  Escapes
//! are `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`, the latter two only for
//! Unicode scalar values.  Multi-line strings drop one newline right after
//! the opening delimiter, keep CRLF as CRLF (as toml11 does), and end at
//! the first run of three quotes, of which up to two extra quotes before
//! it belong to the content.

use super::cursor::{Cursor, Result};

/// Parses any of the four string forms at the cursor (which is at `"` or
/// `'`) and returns the decoded bytes.
pub(super) fn parse_string(cur: &mut Cursor) -> Result<Vec<u8>> {
    if cur.starts_with(b"\"\"\"") {
        parse_multiline(cur, b'"')
    } else if cur.starts_with(b"'''") {
        parse_multiline(cur, b'\'')
    } else if cur.peek() == Some(b'"') {
        parse_basic(cur)
    } else {
        parse_literal(cur)
    }
}

/// A single-line `"…"` string.
fn parse_basic(cur: &mut Cursor) -> Result<Vec<u8>> {
    let start = cur.pos();
    cur.bump();
    let mut out = Vec::new();
    loop {
        match cur.peek() {
            Some(b'"') => {
                cur.bump();
                return Ok(out);
            }
            Some(b'\\') => parse_escape(cur, &mut out)?,
            None | Some(b'\n' | b'\r') => {
                return Err(cur.error_at(start, "unterminated string"));
            }
            Some(_) => copy_char(cur, &mut out)?,
        }
    }
}

/// A single-line `'…'` string: no escapes at all.
fn parse_literal(cur: &mut Cursor) -> Result<Vec<u8>> {
    let start = cur.pos();
    cur.bump();
    let mut out = Vec::new();
    loop {
        match cur.peek() {
            Some(b'\'') => {
                cur.bump();
                return Ok(out);
            }
            None | Some(b'\n' | b'\r') => {
                return Err(cur.error_at(start, "unterminated string"));
            }
            Some(_) => copy_char(cur, &mut out)?,
        }
    }
}

/// A `"""…"""` or `'''…'''` string; `quote` says which.
fn parse_multiline(cur: &mut Cursor, quote: u8) -> Result<Vec<u8>> {
    let start = cur.pos();
    cur.advance(3);
    // One newline right after the opening delimiter is not content.
    cur.eat_newline()?;
    let mut out = Vec::new();
    loop {
        match cur.peek() {
            Some(q) if q == quote => {
                let mut run = 0;
                while cur.peek_at(run) == Some(quote) {
                    run += 1;
                }
                if run < 3 {
                    out.extend(std::iter::repeat_n(quote, run));
                    cur.advance(run);
                    continue;
                }
                // The last three close the string; at most two may precede
                // them (a longer run leaves quotes that the caller rejects
                // as trailing garbage, like toml11).
                let content = run.min(5) - 3;
                out.extend(std::iter::repeat_n(quote, content));
                cur.advance(content + 3);
                return Ok(out);
            }
            Some(b'\\') if quote == b'"' => {
                if !skip_line_ending_backslash(cur)? {
                    parse_escape(cur, &mut out)?;
                }
            }
            Some(b'\n') => {
                out.push(b'\n');
                cur.bump();
            }
            Some(b'\r') => {
                if cur.peek_at(1) != Some(b'\n') {
                    return Err(cur.error("carriage return must be followed by a line feed"));
                }
                out.extend_from_slice(b"\r\n");
                cur.advance(2);
            }
            None => return Err(cur.error_at(start, "unterminated multi-line string")),
            Some(_) => copy_char(cur, &mut out)?,
        }
    }
}

/// At a backslash in a multi-line basic string: if only whitespace
/// follows on this line, skips it, the newline, and all whitespace and
/// newlines after it, and returns true.
fn skip_line_ending_backslash(cur: &mut Cursor) -> Result<bool> {
    let mut i = 1;
    while matches!(cur.peek_at(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let newline = match (cur.peek_at(i), cur.peek_at(i + 1)) {
        (Some(b'\n'), _) => 1,
        (Some(b'\r'), Some(b'\n')) => 2,
        _ => return Ok(false),
    };
    cur.advance(i + newline);
    loop {
        cur.skip_ws();
        if !cur.eat_newline()? {
            return Ok(true);
        }
    }
}

/// Copies one permitted non-delimiter character (tab, printable ASCII or
/// a well-formed non-ASCII sequence) to `out`.
fn copy_char(cur: &mut Cursor, out: &mut Vec<u8>) -> Result<()> {
    match cur.peek() {
        Some(b @ (b'\t' | 0x20..=0x7E)) => {
            out.push(b);
            cur.bump();
            Ok(())
        }
        Some(0x80..=0xFF) => {
            let start = cur.pos();
            cur.skip_utf8_char()?;
            out.extend_from_slice(cur.slice(start, cur.pos()));
            Ok(())
        }
        Some(b) => Err(cur.error(format!(
            "control character U+{b:04X} must be escaped in a string"
        ))),
        None => Err(cur.error("unexpected end of input in a string")),
    }
}

/// At a backslash: decodes one escape sequence onto `out`.
fn parse_escape(cur: &mut Cursor, out: &mut Vec<u8>) -> Result<()> {
    let start = cur.pos();
    cur.bump();
    let simple = match cur.peek() {
        Some(b'b') => Some(0x08),
        Some(b't') => Some(b'\t'),
        Some(b'n') => Some(b'\n'),
        Some(b'f') => Some(0x0C),
        Some(b'r') => Some(b'\r'),
        Some(b'"') => Some(b'"'),
        Some(b'\\') => Some(b'\\'),
        _ => None,
    };
    if let Some(b) = simple {
        cur.bump();
        out.push(b);
        return Ok(());
    }
    let digits = match cur.peek() {
        Some(b'u') => 4,
        Some(b'U') => 8,
        _ => {
            return Err(cur.error_at(
                start,
                "invalid escape sequence (allowed: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)",
            ));
        }
    };
    cur.bump();
    let mut code: u32 = 0;
    for _ in 0..digits {
        let d = cur
            .peek()
            .and_then(|c| (c as char).to_digit(16))
            .ok_or_else(|| cur.error_at(start, format!("escape needs {digits} hex digits")))?;
        code = code * 16 + d;
        cur.bump();
    }
    let ch = char::from_u32(code).ok_or_else(|| {
        cur.error_at(start, format!("U+{code:04X} is not a Unicode scalar value"))
    })?;
    let mut buf = [0; 4];
    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    Ok(())
}

/// One key segment: a bare key (`A-Za-z0-9_-`) or a single-line quoted
/// string (basic or literal).
fn parse_simple_key(cur: &mut Cursor) -> Result<Vec<u8>> {
    match cur.peek() {
        Some(b'"') | Some(b'\'') => {
            if cur.starts_with(b"\"\"\"") || cur.starts_with(b"'''") {
                return Err(cur.error("a multi-line string cannot be a key"));
            }
            if cur.peek() == Some(b'"') {
                parse_basic(cur)
            } else {
                parse_literal(cur)
            }
        }
        _ => {
            let start = cur.pos();
            while matches!(
                cur.peek(),
                Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
            ) {
                cur.bump();
            }
            if cur.pos() == start {
                return Err(cur.error(format!("expected a key, found {}", cur.found())));
            }
            Ok(cur.slice(start, cur.pos()).to_vec())
        }
    }
}

/// A possibly dotted key (`a."b c".d`, whitespace allowed around dots).
/// Leaves the cursor after the last segment and any whitespace after it.
pub(super) fn parse_key(cur: &mut Cursor) -> Result<Vec<Vec<u8>>> {
    let mut keys = vec![parse_simple_key(cur)?];
    loop {
        cur.skip_ws();
        if cur.peek() != Some(b'.') {
            return Ok(keys);
        }
        cur.bump();
        cur.skip_ws();
        keys.push(parse_simple_key(cur)?);
    }
}
