//! Text-level rules of Nix's lexer and printer: literal quoting, float
//! formatting, string unescaping, indented-string stripping and path
//! canonicalisation. These work on raw token text so that they reproduce
//! Nix's own tokenisation rather than rnix's (which differs in corner cases).

/// Reserved words that Nix quotes when printing an attribute name.
/// `or` is deliberately absent: Nix accepts it as an attribute name unquoted.
const RESERVED: [&str; 9] = [
    "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit",
];

/// Nix's `printLiteralString`: only `"`, `\`, newline, CR, tab and the `$`
/// of a `${` are escaped; every other byte is written as is.
pub(super) fn push_string_literal(out: &mut String, s: &str) {
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// Nix's `printIdentifier`, used for every symbol it prints (variables,
/// attribute names, formals): bare when it would lex as an identifier,
/// otherwise as a string literal.
pub(super) fn push_identifier(out: &mut String, s: &str) {
    let bare = match s.as_bytes().first() {
        None => false,
        Some(c) => {
            (c.is_ascii_alphabetic() || *c == b'_')
                && !RESERVED.contains(&s)
                && s.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'\'' | b'-'))
        }
    };
    if bare {
        out.push_str(s);
    } else {
        push_string_literal(out, s);
    }
}

/// Formats a float as C++'s `ostream << double` does by default, i.e.
/// `printf("%g")` with 6 significant digits.
pub(super) fn format_float(x: f64) -> String {
    const PRECISION: i32 = 6;
    if x.is_nan() {
        return if x.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // The exponent must be taken after rounding to the final precision
    // (9.999995 prints as 10, not 9.99999), which `{:e}` formatting gives us.
    let sci = format!("{:.*e}", (PRECISION - 1) as usize, x);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..PRECISION).contains(&exp) {
        let mut s = trim_fraction(mantissa).to_string();
        s.push('e');
        s.push(if exp < 0 { '-' } else { '+' });
        s.push_str(&format!("{:02}", exp.abs()));
        s
    } else {
        let fixed = format!("{:.*}", (PRECISION - 1 - exp) as usize, x);
        trim_fraction(&fixed).to_string()
    }
}

/// `%g` drops trailing zeros of the fraction, and the point if nothing is left.
fn trim_fraction(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// Decodes the raw text of a `"…"` string segment like Nix's lexer: the
/// escapes `\n`, `\r`, `\t`, `\<any>`, and raw CR or CR LF become LF
/// (an escaped CR stays CR).
pub(super) fn unescape_string(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some(e) => out.push(e),
                None => {}
            },
            '\r' => {
                out.push('\n');
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// One element of an indented string as Nix's lexer delivers it.
pub(super) enum IndPart<T> {
    /// A text token. `indented` is true for plain runs of text, whose
    /// leading spaces count as indentation; escapes (`''$`, `'''`, `''\x`)
    /// and lone `$`/`'` tokens are false.
    Text {
        text: String,
        indented: bool,
    },
    Interp(T),
}

/// Drops the optional `spaces + newline` that Nix's lexer swallows together
/// with the opening `''`; only applies to text directly after it.
pub(super) fn strip_opening_line(raw: &str) -> &str {
    let rest = raw.trim_start_matches(' ');
    rest.strip_prefix('\n').unwrap_or(raw)
}

/// Splits the raw text between two interpolations of an indented string into
/// the tokens Nix's lexer would produce. The split points matter: each token
/// becomes its own string in the resulting concatenation, and escapes are
/// treated differently when computing the indentation.
pub(super) fn lex_indented<T>(raw: &str, out: &mut Vec<IndPart<T>>) {
    let b = raw.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    let flush = |out: &mut Vec<IndPart<T>>, from: usize, to: usize| {
        if to > from {
            out.push(IndPart::Text {
                text: raw[from..to].to_string(),
                indented: true,
            });
        }
    };
    let special = |text: &str| IndPart::Text {
        text: text.to_string(),
        indented: false,
    };
    while i < b.len() {
        let next = b.get(i + 1).copied();
        match (b[i], next) {
            (b'\'', Some(b'\'')) => {
                flush(out, run_start, i);
                match b.get(i + 2).copied() {
                    Some(b'$') => {
                        out.push(special("$"));
                        i += 3;
                    }
                    Some(b'\'') => {
                        out.push(special("''"));
                        i += 3;
                    }
                    Some(b'\\') if i + 3 < b.len() => {
                        // Escapes take a single character, decoded like in
                        // `"…"` strings except that CR is not normalised.
                        let c = raw[i + 3..].chars().next().unwrap_or('\\');
                        let text = match c {
                            'n' => "\n".to_string(),
                            'r' => "\r".to_string(),
                            't' => "\t".to_string(),
                            _ => c.to_string(),
                        };
                        out.push(IndPart::Text {
                            text,
                            indented: false,
                        });
                        i += 3 + c.len_utf8();
                    }
                    // `''` ends the string, so rnix never puts it in content.
                    _ => {
                        out.push(special("''"));
                        i += 2;
                    }
                }
                run_start = i;
                continue;
            }
            // A lone quote before `$`, or at the end of this piece (before an
            // interpolation), is a token of its own in Nix's lexer.
            (b'\'', Some(b'$') | None) => {
                flush(out, run_start, i);
                out.push(special("'"));
                i += 1;
                run_start = i;
                continue;
            }
            // Likewise a `$` followed by a quote or at the end of the piece.
            (b'$', Some(b'\'') | None) => {
                flush(out, run_start, i);
                out.push(special("$"));
                i += 1;
                run_start = i;
                continue;
            }
            // `'x` and `$x` are two-character units of a plain run; stepping
            // over both keeps e.g. the `$` of `$$` from being rescanned.
            (b'\'' | b'$', Some(_)) => i += 2,
            _ => i += 1,
        }
        // Two-byte steps must not split a multi-byte character.
        while i < b.len() && !raw.is_char_boundary(i) {
            i += 1;
        }
    }
    flush(out, run_start, b.len().min(i));
}

/// A piece of an indented string after stripping.
pub(super) enum Piece<T> {
    Lit(String),
    Interp(T),
}

/// Nix's `stripIndentation`: removes the common indentation, computed over
/// lines that are not whitespace-only, and the trailing whitespace-only line.
/// Empty text pieces are dropped, as Nix does.
pub(super) fn strip_indentation<T>(parts: Vec<IndPart<T>>) -> Vec<Piece<T>> {
    // Pass 1: minimum indentation. Interpolations and escapes end the
    // leading whitespace of a line; lines holding only spaces don't count.
    let mut at_line_start = true;
    // Nix starts from a large sentinel rather than infinity; lines of more
    // than a million spaces are beyond caring, but keep the same value.
    let mut min_indent = 1_000_000;
    let mut cur_indent = 0;
    for part in &parts {
        match part {
            IndPart::Text {
                text,
                indented: true,
            } => {
                for c in text.bytes() {
                    if at_line_start {
                        match c {
                            b' ' => cur_indent += 1,
                            b'\n' => cur_indent = 0,
                            _ => {
                                at_line_start = false;
                                min_indent = min_indent.min(cur_indent);
                            }
                        }
                    } else if c == b'\n' {
                        at_line_start = true;
                        cur_indent = 0;
                    }
                }
            }
            _ => {
                if at_line_start {
                    at_line_start = false;
                    min_indent = min_indent.min(cur_indent);
                }
            }
        }
    }

    // Pass 2: drop up to `min_indent` leading spaces per line. Unlike pass 1
    // this also looks inside escape tokens, so an escaped newline (`''\n`)
    // starts a line whose leading spaces get stripped.
    let mut out = Vec::with_capacity(parts.len());
    let mut at_line_start = true;
    let mut dropped = 0;
    let count = parts.len();
    for (idx, part) in parts.into_iter().enumerate() {
        match part {
            IndPart::Interp(e) => {
                at_line_start = false;
                dropped = 0;
                out.push(Piece::Interp(e));
            }
            IndPart::Text { text, .. } => {
                let mut s = String::with_capacity(text.len());
                for c in text.chars() {
                    if at_line_start {
                        match c {
                            ' ' => {
                                if dropped >= min_indent {
                                    s.push(c);
                                }
                                dropped += 1;
                            }
                            '\n' => {
                                dropped = 0;
                                s.push(c);
                            }
                            _ => {
                                at_line_start = false;
                                dropped = 0;
                                s.push(c);
                            }
                        }
                    } else {
                        s.push(c);
                        if c == '\n' {
                            at_line_start = true;
                        }
                    }
                }
                // Only the very last token loses a final line of spaces.
                if idx + 1 == count
                    && let Some(p) = s.rfind('\n')
                    && s[p + 1..].bytes().all(|c| c == b' ')
                {
                    s.truncate(p + 1);
                }
                if !s.is_empty() {
                    out.push(Piece::Lit(s));
                }
            }
        }
    }
    out
}

/// Canonicalises an absolute path lexically like Nix's `CanonPath`: empty
/// and `.` segments vanish, `..` removes the previous segment (never going
/// above `/`). No symlinks are consulted.
pub(super) fn canon_path(path: &str) -> String {
    let mut segs: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            _ => segs.push(seg),
        }
    }
    if segs.is_empty() {
        return "/".to_string();
    }
    let mut out = String::with_capacity(path.len());
    for seg in segs {
        out.push('/');
        out.push_str(seg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expectations from C's `printf("%g")` (via Python's `'%g' % x`, which
    /// rounds the same way), including exact ties that round to even.
    #[test]
    fn floats_print_like_printf_g() {
        let cases: &[(f64, &str)] = &[
            (0.5, "0.5"),
            (2.5, "2.5"),
            (1234565.0, "1.23456e+06"),
            (1234575.0, "1.23458e+06"),
            (9.999995, "10"),
            (9.99999, "9.99999"),
            (9.9999951, "10"),
            (999999.5, "1e+06"),
            (123456.5, "123456"),
            (100000.0, "100000"),
            (1000000.0, "1e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.000123456789, "0.000123457"),
            (1e300, "1e+300"),
            (5e-324, "4.94066e-324"),
            (f64::MAX, "1.79769e+308"),
            (-1.5, "-1.5"),
            (-0.0, "-0"),
            (f64::INFINITY, "inf"),
        ];
        for (x, expected) in cases {
            assert_eq!(format_float(*x), *expected, "{x:e}");
        }
    }

    #[test]
    fn identifiers_and_literals() {
        let ident = |s: &str| {
            let mut out = String::new();
            push_identifier(&mut out, s);
            out
        };
        assert_eq!(ident("a-b'_1"), "a-b'_1");
        assert_eq!(ident("or"), "or");
        assert_eq!(ident("in"), "\"in\"");
        assert_eq!(ident(""), "\"\"");
        assert_eq!(ident("1a"), "\"1a\"");
        assert_eq!(ident("'a"), "\"'a\"");
        assert_eq!(ident("a b"), "\"a b\"");
        assert_eq!(ident("${x}"), "\"\\${x}\"");
        assert_eq!(ident("é"), "\"é\"");
    }

    #[test]
    fn canonical_paths() {
        assert_eq!(canon_path("/a/./b/../c"), "/a/c");
        assert_eq!(canon_path("/../.."), "/");
        assert_eq!(canon_path("/a//b/"), "/a/b");
    }
}
