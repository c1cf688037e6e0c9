//! What Nix does to every message it writes to standard error (errors, warnings,
//! `trace:`): escape sequences are dropped unless standard error is a colour terminal (then
//! only colours are kept), tabs become spaces up to the next multiple of eight columns,
//! carriage returns and bells are dropped. Messages built by Nix code (`throw`, the module
//! system's coloured errors) look the same under nixvm as under Nix, on a terminal and in a
//! pipe.

use std::io::IsTerminal;

/// Nix's test for a terminal that takes colours: standard error is a terminal, `TERM` is
/// set and not `dumb`, and neither `NO_COLOR` nor `NOCOLOR` is set.
pub fn stderr_takes_colour() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var("TERM").is_ok_and(|t| t != "dumb")
        && std::env::var_os("NO_COLOR").is_none()
        && std::env::var_os("NOCOLOR").is_none()
}

/// The columns a character takes. Nix asks a Unicode width table; this counts every
/// character but the control characters as one column, which differs only for wide and
/// combining characters that come before a tab.
fn width(c: char) -> usize {
    usize::from(!c.is_control())
}

/// Nix's `filterANSIEscapes` with no width limit: `colour` keeps the escape sequences that
/// set colours (ending in `m`) and drops the others; without it every one is dropped.
pub fn filter_escapes(s: &str, colour: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut column = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                let mut seq = String::from(c);
                let mut last = None;
                match chars.peek() {
                    Some('[') => {
                        seq.push(chars.next().unwrap_or('['));
                        // Parameter bytes, intermediate bytes, then the final byte.
                        while let Some(&p) = chars.peek().filter(|p| ('\x30'..='\x3f').contains(p))
                        {
                            seq.push(p);
                            chars.next();
                        }
                        while let Some(&p) = chars.peek().filter(|p| ('\x20'..='\x2f').contains(p))
                        {
                            seq.push(p);
                            chars.next();
                        }
                        if let Some(&p) = chars.peek().filter(|p| ('\x40'..='\x7e').contains(p)) {
                            seq.push(p);
                            chars.next();
                            last = Some(p);
                        }
                    }
                    Some(']') => {
                        // An operating system command, ended by ESC \ or a bell.
                        seq.push(chars.next().unwrap_or(']'));
                        while let Some(&p) = chars.peek().filter(|p| !matches!(p, '\x1b' | '\x07'))
                        {
                            seq.push(p);
                            chars.next();
                        }
                        if let Some(end) = chars.next() {
                            seq.push(end);
                            if end == '\x1b' && chars.peek() == Some(&'\\') {
                                seq.push('\\');
                                chars.next();
                                last = Some('\\');
                            }
                        }
                    }
                    Some(&p) if ('\x40'..='\x5f').contains(&p) => {
                        seq.push(p);
                        chars.next();
                    }
                    _ => {}
                }
                if colour && last == Some('m') {
                    out.push_str(&seq);
                }
            }
            '\t' => loop {
                out.push(' ');
                column += 1;
                if column % 8 == 0 {
                    break;
                }
            },
            '\r' | '\x07' => {}
            c => {
                column += width(c);
                out.push(c);
            }
        }
    }
    out
}

/// Writes a message (and a newline) to standard error as Nix does.
pub fn eprint_message(s: &str) {
    warn_line!("{}", filter_escapes(s, stderr_takes_colour()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_dropped_or_kept_as_colours() {
        let s = "a \x1b[1;35mb\x1b[0m \x1b[2Kc \x1b]8;;http://x\x1b\\d";
        assert_eq!(filter_escapes(s, false), "a b c d");
        assert_eq!(filter_escapes(s, true), "a \x1b[1;35mb\x1b[0m c d");
    }

    #[test]
    fn tabs_reach_the_next_stop_counted_from_the_start() {
        assert_eq!(filter_escapes("ab\tc", false), "ab      c");
        // Columns are counted over the whole message: a newline takes none.
        assert_eq!(filter_escapes("abc\n\td", false), "abc\n     d");
        assert_eq!(filter_escapes("a\r\x07b", false), "ab");
    }
}
