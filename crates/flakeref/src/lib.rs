//! Flake references as current Nix parses and prints them (`builtins.parseFlakeRef`,
//! `builtins.flakeRefToString`), without the evaluator.
//!
//! CppNix 2.8 has neither builtin, so the rules here come from the current
//! CppNix sources (`libflake/flakeref.cc`, `libflake/flake-primops.cc`,
//! `libfetchers/*.cc`, `libutil/url.cc`, `libutil/hash.cc`) and their unit
//! tests; `tests/functional/lang/eval-*-flake-ref-*` are reproduced too.
//!
//! Behaviour worth knowing:
//! * Parsing tries, in order: a flake ID (`nixpkgs`, `nixpkgs/branch`,
//!   `nixpkgs/branch/<rev>`), a URL (`github:…`, `git+https://…`, …), and a
//!   path. Like CppNix, a URL whose *scheme-specific* validation fails with a
//!   "bad URL" error (e.g. `github:owner` with no repo) silently falls back
//!   to path parsing, so the error the user sees is usually "flake reference
//!   '…' is not an absolute path". Hash errors and "input '…' is
//!   unsupported" are reported directly.
//! * The builtin passes no base directory (pure evaluation), so relative
//!   paths such as `./foo` or `.` are rejected with that same error; only
//!   absolute paths become `path:` references. Nothing touches the file
//!   system: no search for `flake.nix` or `.git` happens without a base
//!   directory in CppNix either.
//! * Experimental features are taken at their defaults except `flakes`:
//!   `verified-fetches` (Git's `verifyCommit`, `keytype`, `publicKey(s)`)
//!   and `blake3-hashes` are reported as disabled.
//! * Integers are unsigned 64-bit in CppNix's fetcher attributes; values
//!   above `i64::MAX` wrap when they become Nix integers, as in CppNix.
//! * Messages are CppNix's texts without its terminal highlighting. Where
//!   CppNix appends a Boost.URL diagnostic ("… is not a valid URL: …"), the
//!   reason after the colon is approximated.
//!
//! Layout: this file (public API and the parse flow) plus the modules
//! `url` (URL model), `hash` (rev/narHash codecs), `attrs` (typed fetcher
//! attributes, Git ref syntax), `schemes` (the input types) and `tests`.

#![forbid(unsafe_code)]

mod attrs;
mod hash;
mod schemes;
#[cfg(test)]
mod tests;
mod url;

use std::fmt;

use self::attrs::{
    Attr, Attrs, attrs_to_json, get_str, is_flake_id, matches_ref_regex, maybe_int, maybe_str,
};
use self::schemes::{SCHEMES, Scheme};
use self::url::{ParsedUrl, parse_url, split_scheme};

pub use self::attrs::is_legal_ref_name;
pub use self::schemes::GIT_ATTRS;

/// One attribute value of a flake reference in attribute-set form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlakeAttr {
    Str(Vec<u8>),
    Int(i64),
    Bool(bool),
}

/// An error with CppNix's message text. The evaluator adds its own context
/// ("while calling the 'parseFlakeRef' builtin").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: Kind,
    message: String,
}

/// Which CppNix exception class an error corresponds to; `BadUrl` matters
/// because URL parsing falls back to path parsing on exactly those.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    BadUrl,
    BadHash,
    Other,
}

impl Error {
    fn bad_url(message: String) -> Self {
        Error {
            kind: Kind::BadUrl,
            message,
        }
    }

    fn bad_hash(message: String) -> Self {
        Error {
            kind: Kind::BadHash,
            message,
        }
    }

    fn other(message: String) -> Self {
        Error {
            kind: Kind::Other,
            message,
        }
    }

    fn missing_feature(feature: &str) -> Self {
        Error::other(format!(
            "experimental Nix feature '{feature}' is disabled; add '--extra-experimental-features {feature}' to enable it"
        ))
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

fn lossy(s: &[u8]) -> String {
    String::from_utf8_lossy(s).into_owned()
}

/// An input: its attributes and, if the type is known, its scheme.
struct Input {
    scheme: Option<Scheme>,
    attrs: Attrs,
}

/// `fixupInput`: type checks of the attributes every input may have.
fn fixup(attrs: &Attrs) -> Result<(), Error> {
    get_str(attrs, "type")?;
    maybe_str(attrs, "ref")?;
    maybe_int(attrs, "revCount")?;
    maybe_int(attrs, "lastModified")?;
    Ok(())
}

/// `Input::fromURL`.
fn input_from_url(url: &ParsedUrl, require_tree: bool) -> Result<Input, Error> {
    for scheme in SCHEMES {
        if let Some(attrs) = scheme.input_from_url(url, require_tree)? {
            fixup(&attrs)?;
            return Ok(Input {
                scheme: Some(scheme),
                attrs,
            });
        }
    }
    if split_scheme(&url.scheme) == (Some(&b"file"[..]), &b"git"[..]) {
        return Err(Error::other(format!(
            "input '{}' is unsupported; did you mean 'git+file' instead of 'file+git'?",
            url.display()
        )));
    }
    Err(Error::other(format!(
        "input '{}' is unsupported",
        url.display()
    )))
}

/// `Input::fromAttrs`. An unknown type is not an error here (CppNix keeps
/// such inputs around); it fails later, when the input is shown.
fn input_from_attrs(attrs: Attrs) -> Result<Input, Error> {
    let Some(type_name) = maybe_str(&attrs, "type")? else {
        return Err(Error::other(
            "'type' attribute to specify input scheme is required but not provided".into(),
        ));
    };
    let Some(scheme) = SCHEMES
        .into_iter()
        .find(|s| s.name().as_bytes() == type_name)
    else {
        fixup(&attrs)?;
        return Ok(Input {
            scheme: None,
            attrs,
        });
    };
    for name in attrs.keys() {
        let n = &name[..];
        if n != b"type"
            && n != b"__final"
            && !scheme.allowed_attrs().iter().any(|a| a.as_bytes() == n)
        {
            return Err(Error::other(format!(
                "input attribute '{}' not supported by scheme '{}'",
                lossy(n),
                scheme.name()
            )));
        }
    }
    let attrs = scheme.input_from_attrs(attrs)?;
    fixup(&attrs)?;
    Ok(Input {
        scheme: Some(scheme),
        attrs,
    })
}

struct FlakeRef {
    input: Input,
    subdir: Vec<u8>,
}

/// `fromParsedURL`: `?dir=` belongs to the flake reference, not the input.
fn from_parsed_url(mut url: ParsedUrl, is_flake: bool) -> Result<(FlakeRef, Vec<u8>), Error> {
    let subdir = url.query.remove(&b"dir"[..]).unwrap_or_default();
    let fragment = std::mem::take(&mut url.fragment);
    let input = input_from_url(&url, is_flake)?;
    Ok((FlakeRef { input, subdir }, fragment))
}

/// The flake-ID shorthand: `id[/ref-or-rev[/rev]][#fragment]`.
fn parse_flake_id_ref(url: &[u8]) -> Result<Option<(FlakeRef, Vec<u8>)>, Error> {
    let (main, fragment) = match url.iter().position(|&c| c == b'#') {
        Some(i) => (&url[..i], Some(&url[i + 1..])),
        None => (url, None),
    };
    let (id, rest) = match main.iter().position(|&c| c == b'/') {
        Some(i) => (&main[..i], Some(&main[i + 1..])),
        None => (main, None),
    };
    let fragment_ok = |f: &[u8]| url::check_fragment_chars(f);
    if !is_flake_id(id) || !rest.is_none_or(matches_ref_regex) || !fragment.is_none_or(fragment_ok)
    {
        return Ok(None);
    }
    let path = main.split(|&c| c == b'/').map(<[u8]>::to_vec).collect();
    let input = input_from_url(&ParsedUrl::new(b"flake", path), true)?;
    let fragment = url::percent_decode(fragment.unwrap_or(b""))?;
    Ok(Some((
        FlakeRef {
            input,
            subdir: Vec::new(),
        },
        fragment,
    )))
}

/// A path reference, `path[?query][#fragment]`, without a base directory.
fn parse_path_flake_ref(url: &[u8]) -> Result<(FlakeRef, Vec<u8>), Error> {
    let path_end = url
        .iter()
        .position(|&c| c == b'?' || c == b'#')
        .unwrap_or(url.len());
    let path = &url[..path_end];
    let mut rest = &url[path_end..];
    let mut query = &b""[..];
    if let Some(r) = rest.strip_prefix(b"?") {
        let q_end = r.iter().position(|&c| c == b'#').unwrap_or(r.len());
        query = &r[..q_end];
        rest = &r[q_end..];
    }
    let fragment = rest.strip_prefix(b"#").unwrap_or(b"");
    // CppNix matches with a std::regex whose `.` stops at line breaks.
    if fragment.iter().any(|&c| c == b'\n' || c == b'\r') {
        return Err(Error::other(format!("invalid flakeref '{}'", lossy(url))));
    }
    let query = url::decode_query(query, true)?;
    let fragment = url::percent_decode(fragment)?;
    if !path.starts_with(b"/") {
        return Err(Error::bad_url(format!(
            "flake reference '{}' is not an absolute path",
            lossy(url)
        )));
    }
    let mut parsed = ParsedUrl::new(b"path", url::path_to_url_path(path));
    parsed.authority = Some(url::Authority::empty());
    parsed.query = query;
    parsed.fragment = fragment;
    from_parsed_url(parsed, true)
}

/// `parseFlakeRefWithFragment` with no base directory.
fn parse_with_fragment(url: &[u8]) -> Result<(FlakeRef, Vec<u8>), Error> {
    if let Some(r) = parse_flake_id_ref(url)? {
        return Ok(r);
    }
    match parse_url(url, true).and_then(|parsed| from_parsed_url(parsed, true)) {
        Err(e) if e.kind == Kind::BadUrl => parse_path_flake_ref(url),
        other => other,
    }
}

fn to_public(attrs: Attrs) -> Vec<(Vec<u8>, FlakeAttr)> {
    attrs
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                Attr::Str(s) => FlakeAttr::Str(s),
                // CppNix's `mkInt(uint64_t)` wraps the same way.
                Attr::Int(n) => FlakeAttr::Int(n as i64),
                Attr::Bool(b) => FlakeAttr::Bool(b),
            };
            (k, v)
        })
        .collect()
}

/// `builtins.parseFlakeRef`: the attributes of the reference `s`, sorted by
/// name (`dir` included when the reference has a subdirectory).
pub fn parse_flake_ref(s: &[u8]) -> Result<Vec<(Vec<u8>, FlakeAttr)>, Error> {
    let (flake_ref, fragment) = parse_with_fragment(s)?;
    if !fragment.is_empty() {
        return Err(Error::other(format!(
            "unexpected fragment '{}' in flake reference '{}'",
            lossy(&fragment),
            lossy(s)
        )));
    }
    let mut attrs = flake_ref.input.attrs;
    if !flake_ref.subdir.is_empty() {
        attrs
            .entry(b"dir".to_vec())
            .or_insert(Attr::Str(flake_ref.subdir));
    }
    Ok(to_public(attrs))
}

/// `builtins.flakeRefToString`: the URL form of a reference given as
/// attributes. The evaluator must already have rejected values that are not
/// integers, Booleans or strings (see [`invalid_attr_type_message`]).
pub fn flake_ref_to_string(attrs: &[(Vec<u8>, FlakeAttr)]) -> Result<Vec<u8>, Error> {
    let mut map = Attrs::new();
    for (k, v) in attrs {
        let v = match v {
            FlakeAttr::Int(n) if *n < 0 => {
                return Err(Error::other(format!(
                    "negative value given for flake ref attr {}: {n}",
                    print_identifier(k)
                )));
            }
            FlakeAttr::Int(n) => Attr::Int(*n as u64),
            FlakeAttr::Bool(b) => Attr::Bool(*b),
            FlakeAttr::Str(s) => Attr::Str(s.clone()),
        };
        map.insert(k.clone(), v);
    }
    // `FlakeRef::fromAttrs`. (Which of the two checks runs first is up to
    // the C++ compiler; GCC evaluates the `dir` lookup first.)
    let subdir = maybe_str(&map, "dir")?
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    map.remove(&b"dir"[..]);
    let input = input_from_attrs(map)?;
    let Some(scheme) = input.scheme else {
        return Err(Error::other(format!(
            "cannot show unsupported input '{}'",
            attrs_to_json(&input.attrs)?
        )));
    };
    let mut url = scheme.to_url(&input.attrs)?;
    if !subdir.is_empty() {
        url.query.entry(b"dir".to_vec()).or_insert(subdir);
    }
    url.render()
}

/// The message CppNix gives when `flakeRefToString` meets an attribute of
/// another type; `type_desc` is the evaluator's type description ("a list").
pub fn invalid_attr_type_message(name: &[u8], type_desc: &str) -> String {
    format!(
        "flake reference attribute sets may only contain integers, Booleans, and strings, but attribute '{}' is {type_desc}",
        print_identifier(name)
    )
}

/// How CppNix prints a symbol in messages (its `printIdentifier`): bare if
/// it is an identifier, quoted otherwise. Kept local so that this module
/// does not depend on the value printer.
fn print_identifier(s: &[u8]) -> String {
    const KEYWORDS: [&[u8]; 9] = [
        b"assert", b"else", b"if", b"in", b"inherit", b"let", b"rec", b"then", b"with",
    ];
    let ident = s
        .first()
        .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
        && s.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'\'' | b'-'));
    if ident && !KEYWORDS.contains(&s) {
        return lossy(s);
    }
    let mut out = String::from("\"");
    let text = lossy(s);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\\' => out.extend(['\\', c]),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
