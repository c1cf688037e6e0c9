//! Nix's `stripIndentation`: what an indented string (`'' … ''`) comes to. The common
//! indentation of its lines is removed, and a last line of only spaces is dropped.

/// A piece of an indented string, as Nix's lexer delivers it.
pub(crate) enum Piece<T> {
    /// Literal text; `indented` unless it came from an escape (`''$`, `'''`, `''\x`) or is a
    /// lone `$` or `'`: only plain text counts towards the indentation.
    Text(Vec<u8>, bool),
    /// `${…}`.
    Interpolation(T),
}

/// A piece of an indented string after stripping.
pub(crate) enum Stripped<T> {
    Text(Vec<u8>),
    Interpolation(T),
}

/// Removes the indentation as Nix does. Empty texts are dropped.
pub(crate) fn strip_indentation<T>(pieces: Vec<Piece<T>>) -> Vec<Stripped<T>> {
    // The smallest indentation of a line with something on it; whitespace-only lines do not
    // count, and an interpolation or escape ends a line's leading spaces. Nix starts from
    // a large number rather than infinity: keep its number.
    let mut at_line_start = true;
    let mut min_indent = 1_000_000usize;
    let mut cur = 0usize;
    for p in &pieces {
        match p {
            Piece::Text(s, true) => {
                let mut k = 0;
                while k < s.len() {
                    if at_line_start {
                        match s[k] {
                            b' ' => cur += 1,
                            b'\n' => cur = 0,
                            _ => {
                                at_line_start = false;
                                min_indent = min_indent.min(cur);
                                continue;
                            }
                        }
                        k += 1;
                    } else {
                        // The rest of the line does not count.
                        match line_end(s, k) {
                            Some(end) => {
                                k = end;
                                at_line_start = true;
                                cur = 0;
                            }
                            None => k = s.len(),
                        }
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
    // Then drop up to that many spaces at the start of each line. Unlike the count above,
    // this looks inside escapes too: an escaped newline (`''\n`) starts a line.
    let mut out = Vec::with_capacity(pieces.len());
    at_line_start = true;
    let mut dropped = 0usize;
    let n = pieces.len();
    for (i, p) in pieces.into_iter().enumerate() {
        match p {
            Piece::Interpolation(e) => {
                at_line_start = false;
                dropped = 0;
                out.push(Stripped::Interpolation(e));
            }
            Piece::Text(s, _) => {
                let mut s2 = Vec::with_capacity(s.len());
                let mut k = 0;
                while k < s.len() {
                    if at_line_start {
                        match s[k] {
                            b' ' => {
                                if dropped >= min_indent {
                                    s2.push(b' ');
                                }
                                dropped += 1;
                            }
                            b'\n' => {
                                dropped = 0;
                                s2.push(b'\n');
                            }
                            _ => {
                                at_line_start = false;
                                dropped = 0;
                                continue;
                            }
                        }
                        k += 1;
                    } else {
                        // The rest of the line is kept as it is.
                        let end = line_end(&s, k);
                        s2.extend_from_slice(&s[k..end.unwrap_or(s.len())]);
                        k = end.unwrap_or(s.len());
                        at_line_start = end.is_some();
                    }
                }
                // Only the very last piece loses a final line of spaces.
                if i + 1 == n
                    && let Some(p) = s2.iter().rposition(|&c| c == b'\n')
                    && s2[p + 1..].iter().all(|&c| c == b' ')
                {
                    s2.truncate(p + 1);
                }
                if !s2.is_empty() {
                    out.push(Stripped::Text(s2));
                }
            }
        }
    }
    out
}

/// Where the line that `s[from..]` starts ends: just after its LF, if it has one.
fn line_end(s: &[u8], from: usize) -> Option<usize> {
    s[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map(|p| from + p + 1)
}

/// The string an indented string stands for, if Nix makes it a plain string literal (no
/// interpolation, and at most one non-empty piece after stripping): the parser's checks
/// need it for attribute names, where `${''a''}` names the attribute `a` but a string of
/// several pieces (`''a''$b''`) is dynamic.
pub(crate) fn literal_value(pieces: Vec<Piece<()>>) -> Option<Vec<u8>> {
    let mut stripped = strip_indentation(pieces);
    match stripped.len() {
        0 => Some(Vec::new()),
        1 => match stripped.pop() {
            Some(Stripped::Text(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Piece<()> {
        Piece::Text(s.as_bytes().to_vec(), true)
    }

    #[test]
    fn strips_common_indentation() {
        assert_eq!(
            literal_value(vec![text("  a\n    b\n  ")]).as_deref(),
            Some(&b"a\n  b\n"[..])
        );
        assert_eq!(literal_value(vec![]).as_deref(), Some(&b""[..]));
        assert_eq!(
            literal_value(vec![text("a"), Piece::Interpolation(())]),
            None
        );
        assert_eq!(
            literal_value(vec![
                text("a"),
                Piece::Text(b"$".to_vec(), false),
                text("b")
            ]),
            None
        );
    }
}
