//! Fetcher attributes (CppNix's `fetchers::Attrs`): typed accessors with
//! CppNix's error texts, their JSON rendering for messages, and the syntax
//! checks for Git refs, revisions and flake IDs.

use std::collections::BTreeMap;

use super::Error;

/// Fetcher attribute values as CppNix stores them (integers are unsigned).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Attr {
    Str(Vec<u8>),
    Int(u64),
    Bool(bool),
}

pub(super) type Attrs = BTreeMap<Vec<u8>, Attr>;

pub(super) fn set(attrs: &mut Attrs, k: &str, v: Attr) {
    attrs.insert(k.as_bytes().to_vec(), v);
}

pub(super) fn str_attr(v: &[u8]) -> Attr {
    Attr::Str(v.to_vec())
}

/// `attrsToJSON(…).dump()`, used inside error messages. Like nlohmann's
/// serializer it fails on invalid UTF-8, and that failure replaces the
/// message being built.
pub(super) fn attrs_to_json(attrs: &Attrs) -> Result<String, Error> {
    let mut out = String::from("{");
    for (i, (k, v)) in attrs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(&mut out, k)?;
        out.push(':');
        match v {
            Attr::Str(s) => json_string(&mut out, s)?,
            Attr::Int(n) => out.push_str(&n.to_string()),
            Attr::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        }
    }
    out.push('}');
    Ok(out)
}

pub(super) fn json_string(out: &mut String, s: &[u8]) -> Result<(), Error> {
    let s = std::str::from_utf8(s).map_err(|e| {
        let at = e.valid_up_to();
        Error::other(match e.error_len() {
            // nlohmann reports the byte its decoder rejected: an impossible
            // lead byte itself, otherwise the first bad continuation byte.
            Some(n) => {
                let idx = if matches!(s[at], 0x80..=0xc1 | 0xf5..=0xff) {
                    at
                } else {
                    at + n
                };
                format!(
                    "[json.exception.type_error.316] invalid UTF-8 byte at index {idx}: 0x{:02X}",
                    s[idx]
                )
            }
            None => format!(
                "[json.exception.type_error.316] incomplete UTF-8 string; last byte: 0x{:02X}",
                s[s.len() - 1]
            ),
        })
    })?;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    Ok(())
}

pub(super) fn maybe_str<'a>(attrs: &'a Attrs, name: &str) -> Result<Option<&'a [u8]>, Error> {
    match attrs.get(name.as_bytes()) {
        None => Ok(None),
        Some(Attr::Str(s)) => Ok(Some(s)),
        Some(_) => Err(Error::other(format!(
            "input attribute '{name}' is not a string {}",
            attrs_to_json(attrs)?
        ))),
    }
}

pub(super) fn get_str<'a>(attrs: &'a Attrs, name: &str) -> Result<&'a [u8], Error> {
    maybe_str(attrs, name)?
        .ok_or_else(|| Error::other(format!("input attribute '{name}' is missing")))
}

pub(super) fn maybe_int(attrs: &Attrs, name: &str) -> Result<Option<u64>, Error> {
    match attrs.get(name.as_bytes()) {
        None => Ok(None),
        Some(Attr::Int(n)) => Ok(Some(*n)),
        Some(_) => Err(Error::other(format!(
            "input attribute '{name}' is not an integer"
        ))),
    }
}

pub(super) fn maybe_bool(attrs: &Attrs, name: &str) -> Result<Option<bool>, Error> {
    match attrs.get(name.as_bytes()) {
        None => Ok(None),
        Some(Attr::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(Error::other(format!(
            "input attribute '{name}' is not a Boolean"
        ))),
    }
}

/// CppNix's `string2Int<uint64_t>` (Boost `lexical_cast`): an optional `+`,
/// then decimal digits, no overflow.
pub(super) fn parse_u64(s: &[u8]) -> Option<u64> {
    let digits = s.strip_prefix(b"+").unwrap_or(s);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    digits.iter().try_fold(0u64, |n, &d| {
        n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

pub(super) fn is_rev(s: &[u8]) -> bool {
    s.len() == 40 && s.iter().all(u8::is_ascii_hexdigit)
}

/// `[a-zA-Z][a-zA-Z0-9_-]*`
pub(super) fn is_flake_id(s: &[u8]) -> bool {
    s.first().is_some_and(u8::is_ascii_alphabetic)
        && s.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

/// The loose ref syntax of the flake-ID shorthand and of Mercurial refs:
/// `[a-zA-Z0-9@][a-zA-Z0-9_./@+-]*`.
pub(super) fn matches_ref_regex(s: &[u8]) -> bool {
    s.first()
        .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'@')
        && s.iter()
            .all(|&c| c.is_ascii_alphanumeric() || b"_./@+-".contains(&c))
}

/// Whether `name` is accepted as a Git branch or tag name: valid as a ref
/// name itself, or after `refs/heads/` or `refs/tags/` (CppNix asks libgit2
/// these three questions; its rules are reproduced here).
pub fn is_legal_ref_name(name: &[u8]) -> bool {
    // libgit2 sees a C string.
    let name = &name[..name.iter().position(|&c| c == 0).unwrap_or(name.len())];
    if name == b"@" || name.contains(&0x7f) {
        return false;
    }
    let prefixed = |prefix: &[u8]| git_ref_name_valid(&[prefix, name].concat());
    git_ref_name_valid(name)
        || (!name.starts_with(b"-") && name != b"HEAD" && prefixed(b"refs/heads/"))
        || (!name.starts_with(b"-") && prefixed(b"refs/tags/"))
}

/// libgit2's ref-name validation with one-level names allowed.
pub(super) fn git_ref_name_valid(name: &[u8]) -> bool {
    let segments: Vec<&[u8]> = name.split(|&c| c == b'/').collect();
    let segment_ok = |seg: &[u8]| {
        !seg.is_empty()
            && !seg.starts_with(b".")
            && !seg.ends_with(b".lock")
            && !seg.windows(2).any(|w| w == b".." || w == b"@{")
            && seg.iter().all(|&c| c > b' ' && !b"~^:\\?[*".contains(&c))
    };
    if !segments.iter().all(|s| segment_ok(s)) || name.ends_with(b".") {
        return false;
    }
    // One-level names must look like `HEAD` or `FETCH_HEAD`; longer ones
    // must not start with such a component.
    let caps = |s: &[u8]| {
        s.iter().all(|&c| c.is_ascii_uppercase() || c == b'_')
            && !s.starts_with(b"_")
            && !s.ends_with(b"_")
    };
    if segments.len() == 1 {
        caps(segments[0])
    } else {
        !caps(segments[0])
    }
}
