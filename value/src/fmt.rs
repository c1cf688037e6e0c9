//! Small formatting rules shared by the printers: string escaping, attribute names, floats.

/// Appends `s` as a Nix string literal: quoted, with `"`, `\`, newline, CR, tab and `${`
/// escaped. After `max` bytes the rest is replaced by a «N bytes elided» marker.
pub fn escape_string_into(out: &mut Vec<u8>, s: &[u8], max: usize) {
    out.push(b'"');
    for (i, &c) in s.iter().enumerate() {
        if i >= max {
            let n = s.len() - i;
            let unit = if n == 1 { "byte" } else { "bytes" };
            out.extend_from_slice(format!("\" «{n} {unit} elided»").as_bytes());
            return;
        }
        match c {
            b'"' | b'\\' => {
                out.push(b'\\');
                out.push(c);
            }
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'$' if s.get(i + 1) == Some(&b'{') => out.extend_from_slice(b"\\$"),
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

/// `s` as a quoted, escaped Nix string literal.
pub fn escape_string(s: &[u8]) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    escape_string_into(&mut out, s, usize::MAX);
    String::from_utf8_lossy(&out).into_owned()
}

/// The words that cannot be attribute names without quotes.
pub fn is_keyword(s: &[u8]) -> bool {
    matches!(
        s,
        b"if" | b"then" | b"else" | b"assert" | b"with" | b"let" | b"in" | b"rec" | b"inherit"
    )
}

/// Whether `s` can be written as a bare attribute name.
pub fn is_var_name(s: &[u8]) -> bool {
    let Some(&first) = s.first() else {
        return false;
    };
    if is_keyword(s) || first.is_ascii_digit() || first == b'-' || first == b'\'' {
        return false;
    }
    s.iter()
        .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'\'')
}

/// Appends an attribute name, quoted only if it has to be.
pub fn print_attr_name_into(out: &mut Vec<u8>, name: &[u8]) {
    if is_var_name(name) {
        out.extend_from_slice(name);
    } else {
        escape_string_into(out, name, usize::MAX);
    }
}

/// A name (attribute, argument) as Nix shows it in its messages: bare when it reads as an
/// identifier, otherwise as a string literal (`x`, `"a b"`, `"in"`). Nix prints every
/// symbol of a message this way, and its rule is the one for attribute names.
pub fn print_identifier(name: &[u8]) -> String {
    let mut out = Vec::with_capacity(name.len() + 2);
    print_attr_name_into(&mut out, name);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Formats a float as C++ streams do by default (`%g` with 6 significant digits), which is
/// how Nix prints floats.
pub fn format_float(f: f64) -> String {
    format_g(f, 6)
}

/// C's `%.{precision}g`.
pub fn format_g(f: f64, precision: usize) -> String {
    if f.is_nan() {
        return if f.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    let p = precision.max(1);
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // Rust's `{:e}` rounds correctly (to nearest, ties to even on the exact binary value),
    // as glibc's printf does; it tells us the decimal exponent after rounding.
    let sci = format!("{:.*e}", p - 1, f);
    let (mantissa, exp) = sci.split_once('e').expect("exponent format");
    let exp: i32 = exp.parse().expect("exponent");
    if exp < -4 || exp >= p as i32 {
        let m = strip_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{m}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip_zeros(&format!("{:.*}", decimals, f)).to_string()
    }
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_print_like_nix() {
        let cases: [(&[u8], &str); 11] = [
            (b"a", "a"),
            (b"_a-b'1", "_a-b'1"),
            (b"a b", "\"a b\""),
            (b"", "\"\""),
            (b"in", "\"in\""),
            (b"or", "or"),
            (b"1a", "\"1a\""),
            (b"-a", "\"-a\""),
            (b"a\"${b}\n", "\"a\\\"\\${b}\\n\""),
            (b"'a", "\"'a\""),
            ("é".as_bytes(), "\"é\""),
        ];
        for (name, shown) in cases {
            assert_eq!(print_identifier(name), shown);
        }
    }

    #[test]
    fn floats_print_like_printf_g() {
        let cases = [
            (0.1, "0.1"),
            (1.0, "1"),
            (1e20, "1e+20"),
            (123456789.0, "1.23457e+08"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (-0.0, "-0"),
            (2.5, "2.5"),
            (100000.0, "100000"),
            (1000000.0, "1e+06"),
            (0.30000000000000004, "0.3"),
            // Exact ties round to even, as C's printf does (checked with Python's `'%g' % x`).
            (0.5, "0.5"),
            (1234565.0, "1.23456e+06"),
            (1234575.0, "1.23458e+06"),
            // The exponent is taken after rounding: 9.999995 is 10, not 9.99999.
            (9.999995, "10"),
            (9.99999, "9.99999"),
            (9.9999951, "10"),
            (999999.5, "1e+06"),
            (123456.5, "123456"),
            (0.000123456789, "0.000123457"),
            (1e300, "1e+300"),
            (5e-324, "4.94066e-324"),
            (f64::MAX, "1.79769e+308"),
            (-1.5, "-1.5"),
            (f64::INFINITY, "inf"),
        ];
        for (f, s) in cases {
            assert_eq!(format_float(f), s, "{f}");
        }
    }

    #[test]
    fn strings_escape_like_nix() {
        assert_eq!(escape_string(b"a\"b\\c\n${x}$y"), r#""a\"b\\c\n\${x}$y""#);
    }
}
