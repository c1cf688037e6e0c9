//! What an indented string (`'' … ''`) without interpolation comes to, as Nix's parser
//! computes it: the common indentation of its lines is removed, and a last line of only
//! spaces is dropped.
//!
//! The checks need it only for attribute names: `${''a''}` names the attribute `a` (a string
//! literal is a static name), but a string made of several pieces (`''a''$b''`) is dynamic.

/// A piece of an indented string.
pub(crate) enum Piece {
    /// Literal text; `indented` unless it came from an escape (`''$`, `'''`, `''\x`).
    Text(Vec<u8>, bool),
    /// `${…}`.
    Interpolation,
}

/// The string an indented string literal stands for, if Nix makes it a plain string
/// literal (no interpolation, and at most one non-empty piece after stripping).
pub(crate) fn literal_value(pieces: &[Piece]) -> Option<Vec<u8>> {
    if pieces.is_empty() {
        return Some(Vec::new());
    }
    // The smallest indentation of a line with something on it; whitespace-only lines and
    // the spaces before an interpolation or escape count as the line's start.
    let mut at_line_start = true;
    let mut min_indent = usize::MAX;
    let mut cur = 0usize;
    for p in pieces {
        match p {
            Piece::Text(s, true) => {
                for &c in s {
                    if at_line_start {
                        if c == b' ' {
                            cur += 1;
                        } else if c == b'\n' {
                            cur = 0;
                        } else {
                            at_line_start = false;
                            min_indent = min_indent.min(cur);
                        }
                    } else if c == b'\n' {
                        at_line_start = true;
                        cur = 0;
                    }
                }
            }
            _ => {
                if at_line_start {
                    at_line_start = false;
                    min_indent = min_indent.min(cur);
                }
            }
        }
    }
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut interpolated = false;
    at_line_start = true;
    let mut dropped = 0usize;
    let n = pieces.len();
    for (i, p) in pieces.iter().enumerate() {
        match p {
            Piece::Interpolation => {
                at_line_start = false;
                dropped = 0;
                interpolated = true;
            }
            Piece::Text(s, _) => {
                let mut s2 = Vec::new();
                for &c in s {
                    if at_line_start {
                        if c == b' ' {
                            if dropped >= min_indent {
                                s2.push(c);
                            }
                            dropped += 1;
                        } else if c == b'\n' {
                            dropped = 0;
                            s2.push(c);
                        } else {
                            at_line_start = false;
                            dropped = 0;
                            s2.push(c);
                        }
                    } else {
                        s2.push(c);
                        if c == b'\n' {
                            at_line_start = true;
                        }
                    }
                }
                if i + 1 == n
                    && let Some(p) = s2.iter().rposition(|&c| c == b'\n')
                    && s2[p + 1..].iter().all(|&c| c == b' ')
                {
                    s2.truncate(p + 1);
                }
                if !s2.is_empty() {
                    out.push(s2);
                }
            }
        }
    }
    if interpolated {
        return None;
    }
    match out.len() {
        0 => Some(Vec::new()),
        1 => out.pop(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Piece {
        Piece::Text(s.as_bytes().to_vec(), true)
    }

    #[test]
    fn strips_common_indentation() {
        assert_eq!(
            literal_value(&[text("  a\n    b\n  ")]).as_deref(),
            Some(&b"a\n  b\n"[..])
        );
        assert_eq!(literal_value(&[]).as_deref(), Some(&b""[..]));
        assert_eq!(literal_value(&[text("a"), Piece::Interpolation]), None);
        assert_eq!(
            literal_value(&[text("a"), Piece::Text(b"$".to_vec(), false), text("b")]),
            None
        );
    }
}
