//! Text-level rules of Nix's printer: literal quoting, float formatting and path
//! canonicalisation. (String literals are decoded by the front end, `crate::syntax`.)

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
