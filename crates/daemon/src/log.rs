//! The daemon's messages while it works on an operation: log lines, activities, and the
//! error or end that closes the operation.

use std::io::Read;

use crate::error::DaemonError;
use crate::types::ProtocolVersion;
use crate::wire::{read_string, read_u64};

pub const STDERR_NEXT: u64 = 0x6f6c_6d67;
pub const STDERR_READ: u64 = 0x6461_7461;
pub const STDERR_WRITE: u64 = 0x6461_7416;
pub const STDERR_LAST: u64 = 0x616c_7473;
pub const STDERR_ERROR: u64 = 0x6378_7470;
pub const STDERR_START_ACTIVITY: u64 = 0x5354_5254;
pub const STDERR_STOP_ACTIVITY: u64 = 0x5354_4f50;
pub const STDERR_RESULT: u64 = 0x5253_4c54;

/// Nix's `lvlInfo`: activities at this level or more important are shown to the user
/// (`building '…'`).
const LEVEL_INFO: u64 = 3;

/// Reads the daemon's messages up to the end of the operation, passing the lines a user
/// should see to `log`. `Ok` at `STDERR_LAST`; the daemon's error at `STDERR_ERROR`.
pub fn process_stderr(
    r: &mut impl Read,
    version: ProtocolVersion,
    log: &mut dyn FnMut(&str),
) -> Result<(), DaemonError> {
    loop {
        match read_u64(r)? {
            STDERR_LAST => return Ok(()),
            STDERR_ERROR => return Err(read_error(r, version)?),
            STDERR_NEXT => log(strip_ansi(read_string(r)?.trim_end_matches('\n')).as_str()),
            STDERR_START_ACTIVITY => {
                let _id = read_u64(r)?;
                let level = read_u64(r)?;
                let _type = read_u64(r)?;
                let text = read_string(r)?;
                skip_fields(r)?;
                let _parent = read_u64(r)?;
                // Shown as Nix's plain logger shows the start of an activity.
                if level <= LEVEL_INFO && !text.is_empty() {
                    log(&format!("{}...", strip_ansi(&text)));
                }
            }
            STDERR_STOP_ACTIVITY => {
                read_u64(r)?;
            }
            STDERR_RESULT => {
                let _id = read_u64(r)?;
                let _type = read_u64(r)?;
                skip_fields(r)?;
            }
            STDERR_READ | STDERR_WRITE => {
                return Err(DaemonError::Protocol(
                    "the daemon asked to exchange data outside an operation that needs it".into(),
                ));
            }
            other => {
                return Err(DaemonError::Protocol(format!(
                    "unknown message type {other:#x} from the daemon"
                )));
            }
        }
    }
}

fn skip_fields(r: &mut impl Read) -> Result<(), DaemonError> {
    let n = read_u64(r)?;
    for _ in 0..n {
        match read_u64(r)? {
            0 => {
                read_u64(r)?;
            }
            1 => {
                read_string(r)?;
            }
            t => {
                return Err(DaemonError::Protocol(format!(
                    "unsupported field type {t:#x} from the daemon"
                )));
            }
        }
    }
    Ok(())
}

/// The error that ends an operation; its traces follow the message, one a line.
fn read_error(r: &mut impl Read, version: ProtocolVersion) -> Result<DaemonError, DaemonError> {
    if version < ProtocolVersion::new(1, 26) {
        let message = read_string(r)?;
        let _status = read_u64(r)?;
        return Ok(DaemonError::Remote(strip_ansi(&message)));
    }
    let kind = read_string(r)?;
    if kind != "Error" {
        return Err(DaemonError::Protocol(format!(
            "unexpected error type '{kind}'"
        )));
    }
    let _level = read_u64(r)?;
    let _name = read_string(r)?;
    let mut message = strip_ansi(&read_string(r)?);
    if read_u64(r)? != 0 {
        return Err(DaemonError::Protocol(
            "error positions from the daemon are not supported".into(),
        ));
    }
    let traces = read_u64(r)?;
    for _ in 0..traces {
        if read_u64(r)? != 0 {
            return Err(DaemonError::Protocol(
                "error positions from the daemon are not supported".into(),
            ));
        }
        message.push('\n');
        message.push_str(&strip_ansi(&read_string(r)?));
    }
    Ok(DaemonError::Remote(message))
}

/// The text without terminal escape sequences (the daemon highlights parts of its
/// messages), as Nix shows them when standard error is not a terminal.
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            // Parameters and intermediates, up to the final byte.
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        } else {
            chars.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{write_bytes, write_u64};

    fn run(bytes: &[u8], version: ProtocolVersion) -> (Result<(), DaemonError>, Vec<String>) {
        let mut lines = Vec::new();
        let r = process_stderr(&mut &bytes[..], version, &mut |l| lines.push(l.to_string()));
        (r, lines)
    }

    #[test]
    fn log_lines_and_info_activities_are_shown() {
        let mut b = Vec::new();
        write_u64(&mut b, STDERR_NEXT).unwrap();
        write_bytes(&mut b, b"warning: \x1b[35;1mx\x1b[0m\n").unwrap();
        for (level, text) in [(3u64, "building 'x'"), (5, "chatty")] {
            write_u64(&mut b, STDERR_START_ACTIVITY).unwrap();
            for n in [1, level, 105] {
                write_u64(&mut b, n).unwrap();
            }
            write_bytes(&mut b, text.as_bytes()).unwrap();
            write_u64(&mut b, 2).unwrap();
            write_u64(&mut b, 0).unwrap();
            write_u64(&mut b, 7).unwrap();
            write_u64(&mut b, 1).unwrap();
            write_bytes(&mut b, b"field").unwrap();
            write_u64(&mut b, 0).unwrap();
        }
        write_u64(&mut b, STDERR_RESULT).unwrap();
        write_u64(&mut b, 1).unwrap();
        write_u64(&mut b, 101).unwrap();
        write_u64(&mut b, 0).unwrap();
        write_u64(&mut b, STDERR_STOP_ACTIVITY).unwrap();
        write_u64(&mut b, 1).unwrap();
        write_u64(&mut b, STDERR_LAST).unwrap();
        let (r, lines) = run(&b, ProtocolVersion::new(1, 34));
        assert!(r.is_ok());
        assert_eq!(lines, ["warning: x", "building 'x'..."]);
    }

    #[test]
    fn errors_carry_their_message_and_traces() {
        let mut b = Vec::new();
        write_u64(&mut b, STDERR_ERROR).unwrap();
        write_bytes(&mut b, b"Error").unwrap();
        write_u64(&mut b, 0).unwrap();
        write_bytes(&mut b, b"Error").unwrap();
        write_bytes(&mut b, b"path '\x1b[35;1m/x\x1b[0m' is not valid").unwrap();
        write_u64(&mut b, 0).unwrap();
        write_u64(&mut b, 1).unwrap();
        write_u64(&mut b, 0).unwrap();
        write_bytes(&mut b, b"while adding").unwrap();
        let (r, _) = run(&b, ProtocolVersion::new(1, 38));
        assert_eq!(
            r.unwrap_err().to_string(),
            "path '/x' is not valid\nwhile adding"
        );

        let mut old = Vec::new();
        write_u64(&mut old, STDERR_ERROR).unwrap();
        write_bytes(&mut old, b"old failure").unwrap();
        write_u64(&mut old, 1).unwrap();
        let (r, _) = run(&old, ProtocolVersion::new(1, 21));
        assert_eq!(r.unwrap_err().to_string(), "old failure");
    }

    #[test]
    fn unknown_messages_are_protocol_errors() {
        let mut b = Vec::new();
        write_u64(&mut b, 0x1234).unwrap();
        let (r, _) = run(&b, ProtocolVersion::new(1, 34));
        assert!(matches!(r, Err(DaemonError::Protocol(_))));
        let (r, _) = run(&[], ProtocolVersion::new(1, 34));
        assert!(matches!(r, Err(DaemonError::Io(_))));
    }

    #[test]
    fn escapes_are_removed() {
        assert_eq!(strip_ansi("a\x1b[1;31mb\x1b[0mc"), "abc");
        assert_eq!(strip_ansi("plain"), "plain");
    }
}
