//! TOML date/time values and the normalised text Nix gives them.
//!
//! Nix (with `parse-toml-timestamps`) returns
//! `{ _type = "timestamp"; value = <text>; }`, where the text is what
//! toml11 4.x prints after Nix normalises the format — *not* the literal
//! as written:
//! * the date/time separator (`T`, `t` or space) becomes `T`;
//! * fractional seconds are cut (not rounded) to nanoseconds and printed
//!   with 0, 3, 6 or 9 digits: none if all are zero, else milliseconds,
//!   microseconds or nanoseconds, whichever is the shortest exact form
//!   (`.1` → `.100`, `.1234` → `.123400`, `.1234567891` → `.123456789`);
//! * an offset of zero (`Z`, `z`, `+00:00`, `-00:00`) prints as `Z`,
//!   others as `±HH:MM`.
//!
//! Validation follows toml11 4.x: months 01–12, days within the month
//! (Gregorian leap years), hours < 24, minutes < 60, seconds ≤ 60 (leap
//! second), seconds mandatory (TOML 1.0.0), and offsets up to 24 hours
//! and 60 minutes.

use super::Data;
use super::TimestampKind;
use super::cursor::{Cursor, Result};

/// `YYYY-` at the cursor: the value is a date or date-time.
pub(super) fn looks_like_date(cur: &Cursor) -> bool {
    (0..4).all(|i| cur.peek_at(i).is_some_and(|b| b.is_ascii_digit()))
        && cur.peek_at(4) == Some(b'-')
}

/// `HH:` at the cursor: the value is a local time.
pub(super) fn looks_like_time(cur: &Cursor) -> bool {
    (0..2).all(|i| cur.peek_at(i).is_some_and(|b| b.is_ascii_digit()))
        && cur.peek_at(2) == Some(b':')
}

struct Time {
    hour: u32,
    minute: u32,
    second: u32,
    /// The first nine fractional digits, zero-padded.
    nanos: [u8; 9],
}

/// Parses a date, date-time or time at the cursor (after
/// [`looks_like_date`] or [`looks_like_time`] said so).
pub(super) fn parse_datetime(cur: &mut Cursor) -> Result<Data> {
    if !looks_like_date(cur) {
        let time = parse_time(cur)?;
        return Ok(timestamp(TimestampKind::LocalTime, format_time(&time)));
    }
    let date = parse_date(cur)?;
    let has_time = match cur.peek() {
        Some(b'T' | b't') => true,
        // A space separates date and time only if a time follows; otherwise
        // it is whitespace after a local date.
        Some(b' ') => cur.peek_at(1).is_some_and(|b| b.is_ascii_digit()),
        _ => false,
    };
    if !has_time {
        return Ok(timestamp(TimestampKind::LocalDate, date));
    }
    cur.bump();
    let time = parse_time(cur)?;
    let mut text = format!("{date}T{}", format_time(&time));
    match parse_offset(cur)? {
        None => Ok(timestamp(TimestampKind::LocalDateTime, text)),
        Some(minutes) => {
            if minutes == 0 {
                text.push('Z');
            } else {
                let sign = if minutes < 0 { '-' } else { '+' };
                let m = minutes.unsigned_abs();
                text.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
            }
            Ok(timestamp(TimestampKind::OffsetDateTime, text))
        }
    }
}

fn timestamp(kind: TimestampKind, text: String) -> Data {
    Data::Timestamp { kind, text }
}

/// Exactly `n` ASCII digits as a number.
fn digits(cur: &mut Cursor, n: usize, what: &str) -> Result<u32> {
    let mut v = 0;
    for _ in 0..n {
        match cur.peek() {
            Some(b @ b'0'..=b'9') => {
                v = v * 10 + u32::from(b - b'0');
                cur.bump();
            }
            _ => return Err(cur.error(format!("invalid {what}: expected {n} digits"))),
        }
    }
    Ok(v)
}

fn expect(cur: &mut Cursor, byte: u8, context: &str) -> Result<()> {
    if cur.peek() == Some(byte) {
        cur.bump();
        Ok(())
    } else {
        Err(cur.error(format!(
            "invalid {context}: expected `{}`, found {}",
            byte as char,
            cur.found()
        )))
    }
}

/// `YYYY-MM-DD`, validated, returned in canonical form.
fn parse_date(cur: &mut Cursor) -> Result<String> {
    let start = cur.pos();
    let year = digits(cur, 4, "date")?;
    expect(cur, b'-', "date")?;
    let month = digits(cur, 2, "date")?;
    expect(cur, b'-', "date")?;
    let day = digits(cur, 2, "date")?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let max_day = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=12).contains(&month) || !(1..=max_day).contains(&day) {
        return Err(cur.error_at(
            start,
            "invalid date: month must be 01-12 and the day must exist in that month",
        ));
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

/// `HH:MM:SS[.fraction]`, validated.
fn parse_time(cur: &mut Cursor) -> Result<Time> {
    let start = cur.pos();
    let hour = digits(cur, 2, "time")?;
    expect(cur, b':', "time")?;
    let minute = digits(cur, 2, "time")?;
    if cur.peek() != Some(b':') {
        return Err(cur.error("invalid time: seconds are required (HH:MM:SS)"));
    }
    cur.bump();
    let second = digits(cur, 2, "time")?;
    let mut nanos = [b'0'; 9];
    if cur.peek() == Some(b'.') {
        cur.bump();
        if !cur.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Err(cur.error("invalid time: expected digits after `.`"));
        }
        let mut n = 0;
        while let Some(b @ b'0'..=b'9') = cur.peek() {
            // Digits past nanoseconds are dropped, not rounded.
            if n < nanos.len() {
                nanos[n] = b;
            }
            n += 1;
            cur.bump();
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(cur.error_at(
            start,
            "invalid time: hour must be 00-23, minute 00-59 and second 00-60",
        ));
    }
    Ok(Time {
        hour,
        minute,
        second,
        nanos,
    })
}

fn format_time(t: &Time) -> String {
    let mut s = format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second);
    let zero = |r: std::ops::Range<usize>| t.nanos[r].iter().all(|&b| b == b'0');
    let precision = if zero(0..9) {
        0
    } else if zero(3..9) {
        3
    } else if zero(6..9) {
        6
    } else {
        9
    };
    if precision > 0 {
        s.push('.');
        s.extend(t.nanos[..precision].iter().map(|&b| b as char));
    }
    s
}

/// `Z`, `z` or `±HH:MM` after a date-time; `None` if there is none.
/// Returns the offset in minutes.
fn parse_offset(cur: &mut Cursor) -> Result<Option<i32>> {
    let sign = match cur.peek() {
        Some(b'Z' | b'z') => {
            cur.bump();
            return Ok(Some(0));
        }
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Ok(None),
    };
    let start = cur.pos();
    cur.bump();
    let hours = digits(cur, 2, "offset")?;
    expect(cur, b':', "offset")?;
    let minutes = digits(cur, 2, "offset")?;
    if hours > 24 || minutes > 60 {
        return Err(cur.error_at(start, "invalid offset: too large"));
    }
    Ok(Some(sign * (hours * 60 + minutes) as i32))
}
