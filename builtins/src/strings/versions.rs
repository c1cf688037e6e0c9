//! Version strings as Nix sees them: `builtins.splitVersion`,
//! `builtins.compareVersions` and `builtins.parseDrvName`.
//!
//! The rules follow CppNix's `names.cc`. Character classes are the C
//! locale's (`isdigit`/`isalpha` are ASCII-only there, and CppNix 2.8 was
//! checked to behave that way with non-ASCII bytes), so everything here works
//! on raw bytes.

use std::cmp::Ordering;

use nixvm_value::symbol::well_known;
use nixvm_value::{Attr, Error, Host, NixAttrs, NixList, NixString, Symbol, Value};

use crate::support::args;

/// Returns the next version component starting at `*pos`, advancing `*pos`
/// past it. Separators (`.` and `-`) in front of the component are skipped.
/// An empty slice means the input is exhausted.
///
/// A component is either a maximal run of ASCII digits or a maximal run of
/// bytes that are neither digits nor separators.
pub fn next_component<'a>(v: &'a [u8], pos: &mut usize) -> &'a [u8] {
    let mut p = *pos;
    while p < v.len() && is_separator(v[p]) {
        p += 1;
    }
    let start = p;
    if p < v.len() {
        if v[p].is_ascii_digit() {
            while p < v.len() && v[p].is_ascii_digit() {
                p += 1;
            }
        } else {
            while p < v.len() && !v[p].is_ascii_digit() && !is_separator(v[p]) {
                p += 1;
            }
        }
    }
    *pos = p;
    &v[start..p]
}

fn is_separator(b: u8) -> bool {
    b == b'.' || b == b'-'
}

/// `builtins.splitVersion`: all components of `v`, in order.
pub fn split_version(v: &[u8]) -> Vec<Vec<u8>> {
    let mut pos = 0;
    let mut out = Vec::new();
    loop {
        let c = next_component(v, &mut pos);
        if c.is_empty() {
            return out;
        }
        out.push(c.to_vec());
    }
}

/// The numeric value of a component, as CppNix's `string2Int<int>` sees it.
///
/// CppNix parses components into a C `int`; a digit string that does not
/// fit is *not* a number and is then compared like a word. That is
/// observable (`compareVersions "1.2147483648" "1.2"` is `-1` in CppNix), so
/// it is reproduced here instead of comparing arbitrarily long numbers by
/// value. Parsing is overflow-checked, so any length is safe.
fn component_as_int(c: &[u8]) -> Option<i32> {
    if c.is_empty() || !c.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut n: i32 = 0;
    for &d in c {
        n = n.checked_mul(10)?.checked_add(i32::from(d - b'0'))?;
    }
    Some(n)
}

/// Strict "less than" between two components (CppNix's `componentsLT`).
fn component_lt(c1: &[u8], c2: &[u8]) -> bool {
    let n1 = component_as_int(c1);
    let n2 = component_as_int(c2);
    match (n1, n2) {
        (Some(a), Some(b)) => a < b,
        // A missing component is older than a number: 1.0 < 1.0.1.
        _ if c1.is_empty() && n2.is_some() => true,
        // "pre" is older than anything else, including a missing component.
        _ if c1 == b"pre" && c2 != b"pre" => true,
        _ if c2 == b"pre" => false,
        // Words are older than numbers: 2.3a < 2.3.1.
        (_, Some(_)) => true,
        (Some(_), _) => false,
        // Byte-wise, like std::string_view's comparison (unsigned chars).
        _ => c1 < c2,
    }
}

/// `builtins.compareVersions`: compares `a` and `b` component by component.
pub fn compare_versions(a: &[u8], b: &[u8]) -> Ordering {
    let (mut p1, mut p2) = (0, 0);
    while p1 < a.len() || p2 < b.len() {
        let c1 = next_component(a, &mut p1);
        let c2 = next_component(b, &mut p2);
        if component_lt(c1, c2) {
            return Ordering::Less;
        }
        if component_lt(c2, c1) {
            return Ordering::Greater;
        }
    }
    Ordering::Equal
}

/// `builtins.parseDrvName`: splits `s` into `(name, version)`.
///
/// The name ends at the first `-` that is followed by a byte that is not an
/// ASCII letter; the version is everything after that dash. A dash at the
/// very end does not split, and without a split the version is empty.
pub fn parse_drv_name(s: &[u8]) -> (Vec<u8>, Vec<u8>) {
    for i in 0..s.len() {
        if s[i] == b'-' && i + 1 < s.len() && !s[i + 1].is_ascii_alphabetic() {
            return (s[..i].to_vec(), s[i + 1..].to_vec());
        }
    }
    (s.to_vec(), Vec::new())
}

fn parse_drv_name_builtin(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let s = args::string_no_ctx_arg(a, 0, "parseDrvName")?;
    let (name, version) = parse_drv_name(s.as_bytes());
    Ok(Value::Attrs(NixAttrs::from_unsorted_first_wins(vec![
        Attr::new(well_known::name(), Value::String(NixString::from_vec(name))),
        Attr::new(
            Symbol::new("version"),
            Value::String(NixString::from_vec(version)),
        ),
    ])))
}

fn compare_versions_builtin(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let v1 = args::string_no_ctx_arg(a, 0, "compareVersions")?;
    let v2 = args::string_no_ctx_arg(a, 1, "compareVersions")?;
    Ok(Value::Int(
        match compare_versions(v1.as_bytes(), v2.as_bytes()) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        },
    ))
}

fn split_version_builtin(_: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let v = args::string_no_ctx_arg(a, 0, "splitVersion")?;
    let parts = split_version(v.as_bytes())
        .into_iter()
        .map(|c| Value::String(NixString::from_vec(c)))
        .collect();
    Ok(Value::List(NixList::new(parts)))
}

builtins! {
    /// Split a package name like `"nix-0.12pre12876"` into `{ name = "nix"; version =
    /// "0.12pre12876"; }`: the name ends at the first `-` not followed by a letter.
    PARSE_DRV_NAME = "parseDrvName"(s: strict) => parse_drv_name_builtin;
    /// Compare two version strings: -1 if `s1` is older than `s2`, 0 if they are the same,
    /// 1 if `s1` is newer.
    COMPARE_VERSIONS = "compareVersions"(s1: strict, s2: strict) => compare_versions_builtin;
    /// Split a version string into its components, as `compareVersions` sees them.
    SPLIT_VERSION = "splitVersion"(s: strict) => split_version_builtin;
}

#[cfg(test)]
mod tests {
    //! Expected values were produced by CppNix 2.8 (`nix-instantiate --eval
    //! --strict --json`) through `tools/gen_versions.py`; do not edit by hand.
    use super::*;

    const SPLIT_CASES: &[(&[u8], &[&[u8]])] = &[
        (b"", &[]),
        (b"1", &[b"1"]),
        (b"1.0", &[b"1", b"0"]),
        (b"1.0.0", &[b"1", b"0", b"0"]),
        (b"1.0.1", &[b"1", b"0", b"1"]),
        (b"1.0pre1", &[b"1", b"0", b"pre", b"1"]),
        (b"1.0pre2", &[b"1", b"0", b"pre", b"2"]),
        (b"1.0pre", &[b"1", b"0", b"pre"]),
        (b"1.0-pre1", &[b"1", b"0", b"pre", b"1"]),
        (b"1.0a", &[b"1", b"0", b"a"]),
        (b"1.0b", &[b"1", b"0", b"b"]),
        (b"1.0.a", &[b"1", b"0", b"a"]),
        (b"1.0rc1", &[b"1", b"0", b"rc", b"1"]),
        (b"1.0-rc1", &[b"1", b"0", b"rc", b"1"]),
        (b"2.3a", &[b"2", b"3", b"a"]),
        (b"2.3.1", &[b"2", b"3", b"1"]),
        (b"2.3", &[b"2", b"3"]),
        (b"2.3-1", &[b"2", b"3", b"1"]),
        (b"pre", &[b"pre"]),
        (b"1pre", &[b"1", b"pre"]),
        (b"a", &[b"a"]),
        (b"b", &[b"b"]),
        (b"ab", &[b"ab"]),
        (b"A", &[b"A"]),
        (b"z", &[b"z"]),
        (b"1.2.3.4.5", &[b"1", b"2", b"3", b"4", b"5"]),
        (b"1..2", &[b"1", b"2"]),
        (b"1--2", &[b"1", b"2"]),
        (b"1.-2", &[b"1", b"2"]),
        (b"...", &[]),
        (b"-", &[]),
        (b".1", &[b"1"]),
        (b"1.", &[b"1"]),
        (b"01", &[b"01"]),
        (b"001.1", &[b"001", b"1"]),
        (b"1.01", &[b"1", b"01"]),
        (b"10", &[b"10"]),
        (b"9", &[b"9"]),
        (b"0", &[b"0"]),
        (b"2147483647", &[b"2147483647"]),
        (b"2147483648", &[b"2147483648"]),
        (b"99999999999999999999", &[b"99999999999999999999"]),
        (b"1.2147483647", &[b"1", b"2147483647"]),
        (b"1.2147483648", &[b"1", b"2147483648"]),
        (b"1.99999999999", &[b"1", b"99999999999"]),
        (b"0000000000000000000003", &[b"0000000000000000000003"]),
        (b"0000000000000000000001", &[b"0000000000000000000001"]),
        (b"1.0pre12876", &[b"1", b"0", b"pre", b"12876"]),
        (b"0.12pre12876", &[b"0", b"12", b"pre", b"12876"]),
        (b"2.0.48", &[b"2", b"0", b"48"]),
        (b"1.0_1", &[b"1", b"0", b"_", b"1"]),
        (b"1.0+1", &[b"1", b"0", b"+", b"1"]),
        (b"1.0~1", &[b"1", b"0", b"~", b"1"]),
        (b"1.0 1", &[b"1", b"0", b" ", b"1"]),
        (b"\xc3\xa9", &[b"\xc3\xa9"]),
        (b"1\xc3\xa9", &[b"1", b"\xc3\xa9"]),
        (b"1z", &[b"1", b"z"]),
        (b"foo-bar", &[b"foo", b"bar"]),
        (b"1.2.3prerelease", &[b"1", b"2", b"3", b"prerelease"]),
        (b"prepre", &[b"prepre"]),
        (b"1.0alpha", &[b"1", b"0", b"alpha"]),
        (b"1.0beta", &[b"1", b"0", b"beta"]),
        (b"1.0.0.0", &[b"1", b"0", b"0", b"0"]),
        (b"3.pre", &[b"3", b"pre"]),
        (b"3.0pre", &[b"3", b"0", b"pre"]),
        (b"4.5-pre-6", &[b"4", b"5", b"pre", b"6"]),
        (b"1.2a3", &[b"1", b"2", b"a", b"3"]),
        (b"1.2a2", &[b"1", b"2", b"a", b"2"]),
        (b"1.2A3", &[b"1", b"2", b"A", b"3"]),
    ];
    const COMPARE_CASES: &[(&[u8], &[u8], i32)] = &[
        (b"1.0pre1", b"1.0", -1),
        (b"1.0", b"1.0pre1", 1),
        (b"2.3a", b"2.3.1", -1),
        (b"1.0", b"1.0.0", -1),
        (b"", b"pre", 1),
        (b"pre", b"", -1),
        (b"a", b"", 1),
        (b"", b"a", -1),
        (b"", b"1", -1),
        (b"1", b"", 1),
        (b"1.2147483648", b"1.2", -1),
        (b"1.2147483647", b"1.2147483648", 1),
        (b"2147483648", b"2147483649", -1),
        (b"2147483648", b"", 1),
        (b"0000000000000000000003", b"2", 1),
        (b"0000000000000000000001", b"2", -1),
        (b"99999999999999999999", b"1", -1),
        (b"1.99999999999", b"1.2", -1),
        (b"\xc3\xa9", b"z", 1),
        (b"1\xc3\xa9", b"1z", 1),
        (b"1.0.0", b"1.0", 1),
        (b"1.0-1", b"1.0.1", 0),
        (b"1-0", b"1.0", 0),
        (b"1.0a", b"1.0b", -1),
        (b"1.0pre", b"1.0pre", 0),
        (b"pre", b"pre", 0),
        (b"pre", b"a", -1),
        (b"a", b"pre", 1),
        (b"pre", b"1", -1),
        (b"1.0rc1", b"1.0", 1),
        (b"1.0alpha", b"1.0beta", -1),
        (b"1.2A3", b"1.2a3", -1),
        (b"1.0 1", b"1.0.1", -1),
        (b"1", b"1.0", -1),
        (b"1.0.0", b"1.0.1", -1),
        (b"1.0.1", b"1.0pre1", 1),
        (b"1.0pre1", b"1.0pre2", -1),
        (b"1.0pre2", b"1.0pre", 1),
        (b"1.0pre", b"1.0-pre1", -1),
        (b"1.0-pre1", b"1.0a", -1),
        (b"1.0b", b"1.0.a", 1),
        (b"1.0.a", b"1.0rc1", -1),
        (b"1.0rc1", b"1.0-rc1", 0),
        (b"1.0-rc1", b"2.3a", -1),
        (b"2.3.1", b"2.3", 1),
        (b"2.3", b"2.3-1", -1),
        (b"2.3-1", b"pre", 1),
        (b"pre", b"1pre", -1),
        (b"1pre", b"a", 1),
        (b"a", b"b", -1),
        (b"b", b"ab", 1),
        (b"ab", b"A", 1),
        (b"A", b"z", -1),
        (b"z", b"1.2.3.4.5", -1),
        (b"1.2.3.4.5", b"1..2", 1),
        (b"1..2", b"1--2", 0),
        (b"1--2", b"1.-2", 0),
        (b"1.-2", b"...", 1),
        (b"...", b"-", 0),
        (b"-", b".1", -1),
        (b".1", b"1.", 0),
        (b"1.", b"01", 0),
        (b"01", b"001.1", -1),
        (b"001.1", b"1.01", 0),
        (b"1.01", b"10", -1),
        (b"10", b"9", 1),
        (b"9", b"0", 1),
        (b"0", b"2147483647", -1),
        (b"2147483647", b"2147483648", 1),
        (b"2147483648", b"99999999999999999999", -1),
        (b"99999999999999999999", b"1.2147483647", -1),
        (b"1.2147483648", b"1.99999999999", -1),
        (b"1.99999999999", b"0000000000000000000003", -1),
        (b"0000000000000000000003", b"0000000000000000000001", 1),
        (b"0000000000000000000001", b"1.0pre12876", -1),
        (b"1.0pre12876", b"0.12pre12876", 1),
        (b"0.12pre12876", b"2.0.48", -1),
        (b"2.0.48", b"1.0_1", 1),
        (b"1.0_1", b"1.0+1", 1),
        (b"1.0+1", b"1.0~1", -1),
        (b"1.0~1", b"1.0 1", 1),
        (b"1.0 1", b"\xc3\xa9", 1),
        (b"\xc3\xa9", b"1\xc3\xa9", -1),
        (b"1z", b"foo-bar", 1),
        (b"foo-bar", b"1.2.3prerelease", -1),
        (b"1.2.3prerelease", b"prepre", 1),
        (b"prepre", b"1.0alpha", -1),
        (b"1.0beta", b"1.0.0.0", -1),
        (b"1.0.0.0", b"3.pre", -1),
        (b"3.pre", b"3.0pre", -1),
        (b"3.0pre", b"4.5-pre-6", -1),
        (b"4.5-pre-6", b"1.2a3", 1),
        (b"1.2a3", b"1.2a2", 1),
        (b"1.2a2", b"1.2A3", 1),
        (b"", b"1.0", -1),
        (b"", b"", 0),
        (b"1", b"pre", 1),
        (b"1.0", b"1.0", 0),
        (b"1.0", b"pre", 1),
        (b"1.0", b"", 1),
        (b"1.0.0", b"pre", 1),
        (b"1.0.0", b"", 1),
        (b"1.0.1", b"1.0", 1),
        (b"1.0.1", b"pre", 1),
        (b"1.0.1", b"", 1),
        (b"1.0pre1", b"pre", 1),
        (b"1.0pre1", b"", 1),
        (b"1.0pre2", b"1.0", -1),
        (b"1.0pre2", b"pre", 1),
        (b"1.0pre2", b"", 1),
        (b"1.0pre", b"1.0", -1),
        (b"1.0pre", b"pre", 1),
        (b"1.0pre", b"", 1),
        (b"1.0-pre1", b"1.0", -1),
        (b"1.0-pre1", b"pre", 1),
        (b"1.0-pre1", b"", 1),
        (b"1.0a", b"1.0", 1),
        (b"1.0a", b"pre", 1),
        (b"1.0a", b"", 1),
        (b"1.0b", b"1.0", 1),
        (b"1.0b", b"pre", 1),
        (b"1.0b", b"", 1),
        (b"1.0.a", b"1.0", 1),
        (b"1.0.a", b"pre", 1),
        (b"1.0.a", b"", 1),
    ];
    const DRV_NAME_CASES: &[(&[u8], &[u8], &[u8])] = &[
        (b"nix-0.12pre12876", b"nix", b"0.12pre12876"),
        (b"apache-httpd-2.0.48", b"apache-httpd", b"2.0.48"),
        (b"foo-\xc3\xa91", b"foo", b"\xc3\xa91"),
        (b"foo-", b"foo-", b""),
        (b"-1", b"", b"1"),
        (b"foo-bar-1.0", b"foo-bar", b"1.0"),
        (b"foo--1", b"foo", b"-1"),
        (b"a-B-c-1", b"a-B-c", b"1"),
        (b"-", b"-", b""),
        (b"", b"", b""),
        (b"foo-_1", b"foo", b"_1"),
        (b"foo-.1", b"foo", b".1"),
        (b"hello-2.1.1-x", b"hello", b"2.1.1-x"),
        (b"x-\xc3\xb1", b"x", b"\xc3\xb1"),
        (b"foo", b"foo", b""),
        (b"foo-bar", b"foo-bar", b""),
        (b"firefox-wrapper-120.0", b"firefox-wrapper", b"120.0"),
        (
            b"python3.11-requests-2.31.0",
            b"python3.11-requests",
            b"2.31.0",
        ),
        (b"a-1-b-2", b"a", b"1-b-2"),
        (b"foo-1bar", b"foo", b"1bar"),
        (b"foo-+", b"foo", b"+"),
        (b"foo- 1", b"foo", b" 1"),
        (b"foo-Zeta-9", b"foo-Zeta", b"9"),
        (b"--", b"", b"-"),
        (b"a--b", b"a", b"-b"),
        (b"perl5.36.0-Foo-Bar-1.0", b"perl5.36.0-Foo-Bar", b"1.0"),
        (b"gcc-wrapper-12.2.0", b"gcc-wrapper", b"12.2.0"),
        (b"x-y-z", b"x-y-z", b""),
        (b"libX11-1.8.4", b"libX11", b"1.8.4"),
        (
            b"name-with-trailing-dash-",
            b"name-with-trailing-dash-",
            b"",
        ),
    ];

    #[test]
    fn split_version_matches_cppnix() {
        for (input, expected) in SPLIT_CASES {
            let got = split_version(input);
            let expected: Vec<Vec<u8>> = expected.iter().map(|c| c.to_vec()).collect();
            assert_eq!(
                got,
                expected,
                "splitVersion {:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn compare_versions_matches_cppnix() {
        for (a, b, expected) in COMPARE_CASES {
            let got = match compare_versions(a, b) {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            };
            assert_eq!(
                got,
                *expected,
                "compareVersions {:?} {:?}",
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(b)
            );
        }
    }

    #[test]
    fn compare_versions_is_antisymmetric() {
        for (a, b, _) in COMPARE_CASES {
            assert_eq!(compare_versions(a, b), compare_versions(b, a).reverse());
        }
    }

    #[test]
    fn parse_drv_name_matches_cppnix() {
        for (input, name, version) in DRV_NAME_CASES {
            let (n, v) = parse_drv_name(input);
            assert_eq!(
                (n.as_slice(), v.as_slice()),
                (*name, *version),
                "parseDrvName {:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn huge_digit_runs_do_not_overflow() {
        let long = vec![b'9'; 10_000];
        assert_eq!(split_version(&long), vec![long.clone()]);
        // Too big for CppNix's `int`, so it is a word, and words sort before
        // numbers.
        assert_eq!(compare_versions(&long, b"1"), Ordering::Less);
    }
}
