//! TOML scalar values: strings, booleans, integers, floats and (via
//! `datetime`) dates and times.
//!
//! Numbers follow TOML 1.0.0 as toml11 4.x (current Nix) reads them:
//! * decimal integers may carry `+`/`-`, use `_` only between digits and
//!   have no leading zeros; `0x`, `0o`, `0b` integers take no sign but may
//!   have leading zeros; any value outside `i64` is an error (Nix 2.8's
//!   older toml11 silently saturated to `i64::MAX` instead);
//! * floats need digits on both sides of `.`; `inf`, `nan` and their
//!   signed forms are accepted (`-nan` keeps its sign bit); a finite
//!   literal that overflows to infinity (`1e400`) is an error, underflow
//!   to zero or a subnormal is not.

use super::Data;
use super::cursor::{Cursor, Result};
use super::datetime::{looks_like_date, looks_like_time, parse_datetime};
use super::strings::parse_string;

/// Parses the scalar value at the cursor.  Arrays and inline tables are
/// handled by the caller; this only sees their absence.
pub(super) fn parse_scalar(cur: &mut Cursor) -> Result<Data> {
    match cur.peek() {
        Some(b'"' | b'\'') => Ok(Data::String(parse_string(cur)?)),
        Some(b't') => keyword(cur, b"true", Data::Bool(true)),
        Some(b'f') => keyword(cur, b"false", Data::Bool(false)),
        Some(b'0'..=b'9') if looks_like_date(cur) || looks_like_time(cur) => parse_datetime(cur),
        Some(b'0'..=b'9' | b'+' | b'-') => parse_number(cur),
        Some(b'i' | b'n') if cur.starts_with(b"inf") || cur.starts_with(b"nan") => {
            parse_number(cur)
        }
        None | Some(b'\n' | b'\r' | b'#') => Err(cur.error("expected a value")),
        Some(_) => Err(cur.error(format!(
            "invalid value starting with {} (strings must be quoted)",
            cur.found()
        ))),
    }
}

fn keyword(cur: &mut Cursor, word: &[u8], value: Data) -> Result<Data> {
    if cur.starts_with(word) {
        cur.advance(word.len());
        Ok(value)
    } else {
        Err(cur.error("invalid value (booleans are `true` and `false`, strings must be quoted)"))
    }
}

/// Reads `digit *( digit / "_" digit )` for the given digit class into
/// `out` (without underscores).  The first digit must be present.
fn digit_run(
    cur: &mut Cursor,
    out: &mut String,
    is_digit: fn(u8) -> bool,
    what: &str,
) -> Result<()> {
    match cur.peek() {
        Some(b) if is_digit(b) => {}
        _ => {
            return Err(cur.error(format!(
                "invalid {what}: expected a digit, found {}",
                cur.found()
            )));
        }
    }
    loop {
        match cur.peek() {
            Some(b) if is_digit(b) => {
                out.push(b as char);
                cur.bump();
            }
            Some(b'_') => {
                if !cur.peek_at(1).is_some_and(is_digit) {
                    return Err(
                        cur.error(format!("invalid {what}: `_` must be surrounded by digits"))
                    );
                }
                cur.bump();
            }
            _ => return Ok(()),
        }
    }
}

fn parse_number(cur: &mut Cursor) -> Result<Data> {
    let start = cur.pos();
    let negative = cur.peek() == Some(b'-');
    if matches!(cur.peek(), Some(b'+' | b'-')) {
        cur.bump();
    }
    for (word, value) in [(&b"inf"[..], f64::INFINITY), (&b"nan"[..], f64::NAN)] {
        if cur.starts_with(word) {
            cur.advance(3);
            return Ok(Data::Float(if negative { -value } else { value }));
        }
    }
    if cur.peek() == Some(b'0') {
        let radix = match cur.peek_at(1) {
            Some(b'x') => Some(16),
            Some(b'o') => Some(8),
            Some(b'b') => Some(2),
            _ => None,
        };
        if let Some(radix) = radix {
            if cur.pos() != start {
                return Err(cur.error_at(
                    start,
                    "hexadecimal, octal and binary integers cannot have a sign",
                ));
            }
            cur.advance(2);
            return parse_radix_integer(cur, radix);
        }
        if matches!(cur.peek_at(1), Some(b'0'..=b'9' | b'_')) {
            return Err(cur.error("invalid number: leading zeros are not allowed"));
        }
    }
    let mut int_part = String::new();
    digit_run(cur, &mut int_part, |b| b.is_ascii_digit(), "number")?;
    let mut text = int_part.clone();
    let mut is_float = false;
    if cur.peek() == Some(b'.') {
        cur.bump();
        text.push('.');
        digit_run(cur, &mut text, |b| b.is_ascii_digit(), "float")?;
        is_float = true;
    }
    if matches!(cur.peek(), Some(b'e' | b'E')) {
        cur.bump();
        text.push('e');
        if let Some(sign @ (b'+' | b'-')) = cur.peek() {
            text.push(sign as char);
            cur.bump();
        }
        digit_run(cur, &mut text, |b| b.is_ascii_digit(), "float exponent")?;
        is_float = true;
    }
    if is_float {
        let value: f64 = text
            .parse()
            .map_err(|_| cur.error_at(start, "invalid float"))?;
        if value.is_infinite() {
            return Err(cur.error_at(start, "float out of range (overflows to infinity)"));
        }
        return Ok(Data::Float(if negative { -value } else { value }));
    }
    // Decimal integer: the magnitude may reach 2^63 when negative.
    let magnitude: u64 = int_part.parse().unwrap_or(u64::MAX);
    let value = if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    };
    value.map(Data::Int).ok_or_else(|| {
        cur.error_with_hint(
            cur.pos(),
            "toml::parse_dec_integer: too large integer: current max digits = 2^63",
            "must be < 2^63",
        )
    })
}

/// Digits of a `0x`/`0o`/`0b` integer (prefix already consumed).
fn parse_radix_integer(cur: &mut Cursor, radix: u32) -> Result<Data> {
    let (is_digit, what, kind): (fn(u8) -> bool, &str, &str) = match radix {
        16 => (|b| b.is_ascii_hexdigit(), "hexadecimal integer", "hex"),
        8 => (|b| (b'0'..=b'7').contains(&b), "octal integer", "oct"),
        _ => (|b| b == b'0' || b == b'1', "binary integer", "bin"),
    };
    let mut digits = String::new();
    digit_run(cur, &mut digits, is_digit, what)?;
    u64::from_str_radix(&digits, radix)
        .ok()
        .and_then(|v| i64::try_from(v).ok())
        .map(Data::Int)
        .ok_or_else(|| {
            cur.error_with_hint(
                cur.pos(),
                format!("toml::parse_{kind}_integer: too large integer: current max value = 2^63"),
                "must be < 2^63",
            )
        })
}
