//! The URL model behind flake references: an RFC 3986 parser that accepts
//! and rejects what CppNix's (Boost.URL based) `parseURL` does, plus the
//! rendering rules of its `ParsedURL::to_string`, percent-encoding, query
//! handling, `fixGitURL` and the path <-> URL-path conversions.
//!
//! Everything is bytes: a Nix string may hold anything, and percent-decoding
//! can produce arbitrary bytes. Error texts follow CppNix; where it appends
//! Boost's own reason ("… is not a valid URL: leftover") the reason is an
//! approximation, since Boost's diagnostics are not reproduced exactly.

use std::collections::BTreeMap;

use super::{Error, lossy};

/// `StringMap` in CppNix: sorted by bytes, first insertion wins on `emplace`.
pub type Query = BTreeMap<Vec<u8>, Vec<u8>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostType {
    Name,
    IPv4,
    IPv6,
    IPvFuture,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authority {
    pub host_type: HostType,
    /// Decoded host; for IP literals the text between the brackets.
    pub host: Vec<u8>,
    pub user: Option<Vec<u8>>,
    pub password: Option<Vec<u8>>,
    pub port: Option<u16>,
}

impl Authority {
    pub fn empty() -> Self {
        Authority {
            host_type: HostType::Name,
            host: Vec::new(),
            user: None,
            password: None,
            port: None,
        }
    }

    pub fn render(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(user) = &self.user {
            out.extend(percent_encode(user, b""));
            if let Some(password) = &self.password {
                out.push(b':');
                out.extend(percent_encode(password, b""));
            }
            out.push(b'@');
        }
        match self.host_type {
            HostType::Name => out.extend(percent_encode(&self.host, b"")),
            HostType::IPv4 => out.extend_from_slice(&self.host),
            HostType::IPv6 | HostType::IPvFuture => {
                out.push(b'[');
                out.extend(percent_encode(&self.host, b":"));
                out.push(b']');
            }
        }
        if let Some(port) = self.port {
            out.extend(format!(":{port}").bytes());
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedUrl {
    pub scheme: Vec<u8>,
    pub authority: Option<Authority>,
    /// Decoded path segments; an absolute path starts with an empty one.
    pub path: Vec<Vec<u8>>,
    pub query: Query,
    pub fragment: Vec<u8>,
}

impl ParsedUrl {
    pub fn new(scheme: &[u8], path: Vec<Vec<u8>>) -> Self {
        ParsedUrl {
            scheme: scheme.to_vec(),
            authority: None,
            path,
            query: Query::new(),
            fragment: Vec::new(),
        }
    }

    /// Path segments with the empty ones left out (CppNix's
    /// `pathSegments(skipEmpty = true)`, kept for old lax parsers).
    pub fn non_empty_segments(&self) -> Vec<Vec<u8>> {
        self.path
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect()
    }

    pub fn render(&self) -> Result<Vec<u8>, Error> {
        let mut out = self.scheme.clone();
        out.push(b':');
        if let Some(authority) = &self.authority {
            out.extend_from_slice(b"//");
            out.extend(authority.render());
        } else if self.path.len() >= 3 && self.path[..3].iter().all(|s| s.is_empty()) {
            // CppNix treats this as unreachable (it would read back as an
            // authority); refuse rather than produce a different URL.
            return Err(Error::other(format!(
                "URL with scheme '{}' has a path starting with '//' but no authority",
                lossy(&self.scheme)
            )));
        }
        out.extend(encode_url_path(&self.path));
        if !self.query.is_empty() {
            out.push(b'?');
            out.extend(encode_query(&self.query));
        }
        if !self.fragment.is_empty() {
            out.push(b'#');
            out.extend(percent_encode(&self.fragment, b""));
        }
        Ok(out)
    }

    /// Rendering for error messages, where CppNix would have asserted.
    pub fn display(&self) -> String {
        match self.render() {
            Ok(s) => lossy(&s),
            Err(_) => format!("{}:…", lossy(&self.scheme)),
        }
    }
}

/// `parseUrlScheme`: `application+transport`, split at the first `+`.
pub fn split_scheme(scheme: &[u8]) -> (Option<&[u8]>, &[u8]) {
    match scheme.iter().position(|&c| c == b'+') {
        Some(i) => (Some(&scheme[..i]), &scheme[i + 1..]),
        None => (None, scheme),
    }
}

fn is_unreserved(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(c: u8) -> bool {
    matches!(
        c,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

fn is_pchar(c: u8) -> bool {
    is_unreserved(c) || is_sub_delim(c) || c == b':' || c == b'@'
}

/// Percent-encodes every byte that is neither unreserved nor in `keep`,
/// with upper-case hex digits (Boost's `encode`).
pub fn percent_encode(s: &[u8], keep: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        if is_unreserved(c) || keep.contains(&c) {
            out.push(c);
        } else {
            out.extend(format!("%{c:02X}").bytes());
        }
    }
    out
}

/// Encodes only the bytes in `set` (used for the lenient fix-ups).
fn percent_encode_only(s: &[u8], set: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        if set.contains(&c) {
            out.extend(format!("%{c:02X}").bytes());
        } else {
            out.push(c);
        }
    }
    out
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// Checks the percent-escapes of `s`; returns Boost's reason on failure.
fn check_pct(s: &[u8]) -> Result<(), &'static str> {
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' {
            match (s.get(i + 1), s.get(i + 2)) {
                (Some(&a), Some(&b)) if hex_value(a).is_some() && hex_value(b).is_some() => i += 3,
                (Some(&a), _) if hex_value(a).is_none() => {
                    return Err("bad hexdig in pct-encoding");
                }
                (Some(_), Some(_)) => return Err("bad hexdig in pct-encoding"),
                _ => return Err("incomplete pct-encoding"),
            }
        } else {
            i += 1;
        }
    }
    Ok(())
}

fn decode_unchecked(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let hex = |k: usize| s.get(k).and_then(|&c| hex_value(c));
        if let (b'%', Some(a), Some(b)) = (s[i], hex(i + 1), hex(i + 2)) {
            out.push(a << 4 | b);
            i += 3;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// `percentDecode`: strict about malformed escapes, keeps `+` as is.
pub fn percent_decode(s: &[u8]) -> Result<Vec<u8>, Error> {
    check_pct(s)
        .map_err(|why| Error::bad_url(format!("invalid URI parameter '{}': {why}", lossy(s))))?;
    Ok(decode_unchecked(s))
}

/// The characters CppNix's flake-ID syntax allows after `#`: `pchar`,
/// `/ ? " ^` and space, with well-formed escapes.
pub fn check_fragment_chars(f: &[u8]) -> bool {
    check_pct(f).is_ok()
        && f.iter()
            .all(|&c| c == b'%' || is_pchar(c) || b"/? \"^".contains(&c))
}

/// Whether every byte of `s` is allowed by `ok` or part of a valid escape.
fn valid_chars(s: &[u8], ok: impl Fn(u8) -> bool) -> Result<(), &'static str> {
    check_pct(s)?;
    if s.iter().all(|&c| c == b'%' || ok(c)) {
        Ok(())
    } else {
        Err("leftover")
    }
}

/// `decodeQuery`: `k=v` pairs separated by `&`, both sides decoded; a
/// parameter without `=` is ignored (CppNix warns), the first of duplicate
/// keys wins.
pub fn decode_query(query: &[u8], lenient: bool) -> Result<Query, Error> {
    let fixed;
    let query = if lenient {
        fixed = percent_encode_only(query, b" \"");
        &fixed[..]
    } else {
        query
    };
    valid_chars(query, |c| is_pchar(c) || c == b'/' || c == b'?')
        .map_err(|why| Error::bad_url(format!("invalid URI query '{}': {why}", lossy(query))))?;
    let mut out = Query::new();
    for param in query.split(|&c| c == b'&') {
        if let Some(eq) = param.iter().position(|&c| c == b'=') {
            out.entry(decode_unchecked(&param[..eq]))
                .or_insert_with(|| decode_unchecked(&param[eq + 1..]));
        }
    }
    Ok(out)
}

pub fn encode_query(query: &Query) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (k, v)) in query.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        out.extend(percent_encode(k, b":@/?"));
        out.push(b'=');
        out.extend(percent_encode(v, b":@/?"));
    }
    out
}

pub fn encode_url_path(path: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, seg) in path.iter().enumerate() {
        if i > 0 {
            out.push(b'/');
        }
        out.extend(percent_encode(seg, b":@"));
    }
    out
}

/// The pieces of a syntactically valid URI reference, still encoded.
struct RawUrl<'a> {
    scheme: Option<&'a [u8]>,
    authority: Option<&'a [u8]>,
    path: &'a [u8],
    query: Option<&'a [u8]>,
    fragment: Option<&'a [u8]>,
}

/// RFC 3986 `URI-reference`, as Boost.URL's `url_view` accepts it.
fn parse_uri_reference(s: &[u8]) -> Result<RawUrl<'_>, &'static str> {
    let mut rest = s;
    let mut scheme = None;
    if let Some(colon) = s.iter().position(|&c| c == b':') {
        let cand = &s[..colon];
        if cand.first().is_some_and(u8::is_ascii_alphabetic)
            && cand
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        {
            scheme = Some(cand);
            rest = &s[colon + 1..];
        }
    }
    let end_of =
        |r: &[u8], stops: &[u8]| r.iter().position(|c| stops.contains(c)).unwrap_or(r.len());
    let mut authority = None;
    if rest.starts_with(b"//") {
        let a = &rest[2..];
        let n = end_of(a, b"/?#");
        check_authority(&a[..n])?;
        authority = Some(&a[..n]);
        rest = &a[n..];
    }
    let n = end_of(rest, b"?#");
    let path = &rest[..n];
    valid_chars(path, |c| is_pchar(c) || c == b'/')?;
    if scheme.is_none() && authority.is_none() && !path.starts_with(b"/") {
        // path-noscheme: the first segment of a relative reference must not
        // contain a colon (it would read as a scheme).
        let first = &path[..end_of(path, b"/")];
        if first.contains(&b':') {
            return Err("leftover");
        }
    }
    rest = &rest[n..];
    let mut query = None;
    if let Some(r) = rest.strip_prefix(b"?") {
        let n = end_of(r, b"#");
        valid_chars(&r[..n], |c| is_pchar(c) || c == b'/' || c == b'?')?;
        query = Some(&r[..n]);
        rest = &r[n..];
    }
    let mut fragment = None;
    if let Some(r) = rest.strip_prefix(b"#") {
        valid_chars(r, |c| is_pchar(c) || c == b'/' || c == b'?')?;
        fragment = Some(r);
    }
    Ok(RawUrl {
        scheme,
        authority,
        path,
        query,
        fragment,
    })
}

/// The parts of an authority: userinfo, host (with brackets), port.
struct RawAuthority<'a> {
    userinfo: Option<&'a [u8]>,
    host: &'a [u8],
    port: Option<&'a [u8]>,
}

fn split_authority(a: &[u8]) -> Result<RawAuthority<'_>, &'static str> {
    let (userinfo, hostport) = match a.iter().position(|&c| c == b'@') {
        Some(i) => (Some(&a[..i]), &a[i + 1..]),
        None => (None, a),
    };
    let (host, port) = if hostport.starts_with(b"[") {
        let close = hostport.iter().position(|&c| c == b']').ok_or("leftover")?;
        let after = &hostport[close + 1..];
        match after.strip_prefix(b":") {
            Some(p) => (&hostport[..=close], Some(p)),
            None if after.is_empty() => (&hostport[..=close], None),
            None => return Err("leftover"),
        }
    } else {
        match hostport.iter().position(|&c| c == b':') {
            Some(i) => (&hostport[..i], Some(&hostport[i + 1..])),
            None => (hostport, None),
        }
    };
    Ok(RawAuthority {
        userinfo,
        host,
        port,
    })
}

fn check_authority(a: &[u8]) -> Result<(), &'static str> {
    let raw = split_authority(a)?;
    if let Some(u) = raw.userinfo {
        valid_chars(u, |c| is_unreserved(c) || is_sub_delim(c) || c == b':')?;
    }
    if let Some(lit) = raw.host.strip_prefix(b"[") {
        let lit = &lit[..lit.len() - 1];
        if parse_ip_literal(lit).is_none() {
            return Err("invalid");
        }
    } else {
        valid_chars(raw.host, |c| is_unreserved(c) || is_sub_delim(c))?;
    }
    if raw.port.is_some_and(|p| !p.iter().all(u8::is_ascii_digit)) {
        return Err("leftover");
    }
    Ok(())
}

/// IPv6 (optionally with an RFC 6874 `%25` zone) or IPvFuture, without the
/// brackets.
fn parse_ip_literal(lit: &[u8]) -> Option<HostType> {
    if matches!(lit.first(), Some(b'v' | b'V')) {
        let dot = lit.iter().position(|&c| c == b'.')?;
        let (ver, rest) = (&lit[1..dot], &lit[dot + 1..]);
        let ok = !ver.is_empty()
            && ver.iter().all(u8::is_ascii_hexdigit)
            && !rest.is_empty()
            && rest
                .iter()
                .all(|&c| is_unreserved(c) || is_sub_delim(c) || c == b':');
        return ok.then_some(HostType::IPvFuture);
    }
    let (addr, zone) = match lit.windows(3).position(|w| w == b"%25") {
        Some(i) => (&lit[..i], Some(&lit[i + 3..])),
        None => (lit, None),
    };
    if zone.is_some_and(|z| z.is_empty() || valid_chars(z, is_unreserved).is_err()) {
        return None;
    }
    parse_ipv6(addr).map(|_| HostType::IPv6)
}

/// RFC 3986 `dec-octet` dotted quad (no leading zeros).
pub fn parse_ipv4(s: &[u8]) -> Option<[u8; 4]> {
    let parts: Vec<&[u8]> = s.split(|&c| c == b'.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut out = [0u8; 4];
    for (o, p) in out.iter_mut().zip(parts) {
        if p.is_empty()
            || p.len() > 3
            || !p.iter().all(u8::is_ascii_digit)
            || (p.len() > 1 && p[0] == b'0')
        {
            return None;
        }
        *o = std::str::from_utf8(p).ok()?.parse().ok()?;
    }
    Some(out)
}

/// RFC 3986 `IPv6address` into its 16 bytes.
pub fn parse_ipv6(s: &[u8]) -> Option<[u8; 16]> {
    let (head, tail) = match s.windows(2).position(|w| w == b"::") {
        Some(i) => (&s[..i], Some(&s[i + 2..])),
        None => (s, None),
    };
    let words = |part: &[u8], allow_v4: bool| -> Option<Vec<u16>> {
        let mut out = Vec::new();
        if part.is_empty() {
            return Some(out);
        }
        let pieces: Vec<&[u8]> = part.split(|&c| c == b':').collect();
        for (i, p) in pieces.iter().enumerate() {
            if allow_v4 && i == pieces.len() - 1 && p.contains(&b'.') {
                let v4 = parse_ipv4(p)?;
                out.push(u16::from_be_bytes([v4[0], v4[1]]));
                out.push(u16::from_be_bytes([v4[2], v4[3]]));
            } else if !p.is_empty() && p.len() <= 4 && p.iter().all(u8::is_ascii_hexdigit) {
                out.push(u16::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok()?);
            } else {
                return None;
            }
        }
        Some(out)
    };
    let mut all = Vec::with_capacity(8);
    match tail {
        None => {
            all = words(head, true)?;
            if all.len() != 8 {
                return None;
            }
        }
        Some(tail) => {
            if tail.windows(2).any(|w| w == b"::") {
                return None;
            }
            let h = words(head, false)?;
            let t = words(tail, true)?;
            if h.len() + t.len() > 7 {
                return None;
            }
            all.extend(h);
            all.resize(8 - t.len(), 0);
            all.extend(t);
        }
    }
    let mut out = [0u8; 16];
    for (i, w) in all.iter().enumerate() {
        out[2 * i..2 * i + 2].copy_from_slice(&w.to_be_bytes());
    }
    Some(out)
}

/// Canonical text of an IPv6 address (RFC 5952: lower case, no leading
/// zeros, the longest run of two or more zero words shortened to `::`).
pub fn ipv6_to_string(b: &[u8; 16]) -> String {
    let w: Vec<u16> = (0..8)
        .map(|i| u16::from_be_bytes([b[2 * i], b[2 * i + 1]]))
        .collect();
    if w[..5].iter().all(|&x| x == 0) && w[5] == 0xffff {
        return format!("::ffff:{}.{}.{}.{}", b[12], b[13], b[14], b[15]);
    }
    let (mut best, mut best_len, mut i) = (0, 0, 0);
    while i < 8 {
        if w[i] == 0 {
            let start = i;
            while i < 8 && w[i] == 0 {
                i += 1;
            }
            if i - start > best_len {
                (best, best_len) = (start, i - start);
            }
        } else {
            i += 1;
        }
    }
    let hex = |ws: &[u16]| {
        ws.iter()
            .map(|x| format!("{x:x}"))
            .collect::<Vec<_>>()
            .join(":")
    };
    if best_len >= 2 {
        format!("{}::{}", hex(&w[..best]), hex(&w[best + best_len..]))
    } else {
        hex(&w)
    }
}

fn parse_authority(a: &[u8]) -> Result<Authority, Error> {
    let raw = split_authority(a)
        .map_err(|why| Error::bad_url(format!("invalid URL authority: '{}': {why}", lossy(a))))?;
    let (host_type, host) = if let Some(lit) = raw.host.strip_prefix(b"[") {
        let lit = &lit[..lit.len() - 1];
        (
            parse_ip_literal(lit).unwrap_or(HostType::IPv6),
            decode_unchecked(lit),
        )
    } else if parse_ipv4(raw.host).is_some() {
        (HostType::IPv4, raw.host.to_vec())
    } else {
        (HostType::Name, decode_unchecked(raw.host))
    };
    let (user, password) = match raw.userinfo {
        None => (None, None),
        Some(u) => match u.iter().position(|&c| c == b':') {
            Some(i) => (
                Some(decode_unchecked(&u[..i])),
                Some(decode_unchecked(&u[i + 1..])),
            ),
            None => (Some(decode_unchecked(u)), None),
        },
    };
    let port = match raw.port {
        None | Some(b"") => None,
        Some(p) => {
            // Boost reports 0 for ports it cannot represent, and CppNix
            // rejects a zero port together with those.
            let n = std::str::from_utf8(p)
                .ok()
                .and_then(|s| s.parse::<u16>().ok())
                .unwrap_or(0);
            if n == 0 {
                return Err(Error::bad_url(format!("port '{}' is invalid", lossy(p))));
            }
            Some(n)
        }
    };
    Ok(Authority {
        host_type,
        host,
        user,
        password,
        port,
    })
}

fn split_on(s: &[u8], sep: u8) -> Vec<Vec<u8>> {
    s.split(|&c| c == sep).map(<[u8]>::to_vec).collect()
}

/// `parseURL`. With `lenient`, unescaped spaces and double quotes are
/// accepted in the query, and spaces, double quotes and `^` in the fragment,
/// as old Nix versions did.
pub fn parse_url(url: &[u8], lenient: bool) -> Result<ParsedUrl, Error> {
    let fixed;
    let buffer = if lenient {
        fixed = lenient_fixup(url);
        &fixed[..]
    } else {
        url
    };
    let raw = parse_uri_reference(buffer)
        .map_err(|why| Error::bad_url(format!("'{}' is not a valid URL: {why}", lossy(url))))?;
    let Some(scheme) = raw.scheme else {
        return Err(Error::bad_url(format!(
            "'{}' doesn't have a scheme",
            lossy(buffer)
        )));
    };
    let authority = raw.authority.map(parse_authority).transpose()?;
    let is_file = split_scheme(scheme).1 == b"file";
    if let Some(a) = authority.as_ref().filter(|a| is_file && !a.host.is_empty()) {
        return Err(Error::bad_url(format!(
            "file:// URL '{}' has unexpected authority '{}'",
            lossy(buffer),
            lossy(&a.render())
        )));
    }
    let encoded_path = if is_file && raw.path.is_empty() {
        b"/"
    } else {
        raw.path
    };
    Ok(ParsedUrl {
        scheme: scheme.to_vec(),
        authority,
        path: split_on(encoded_path, b'/')
            .iter()
            .map(|s| decode_unchecked(s))
            .collect(),
        query: decode_query(raw.query.unwrap_or(b""), lenient)?,
        fragment: decode_unchecked(raw.fragment.unwrap_or(b"")),
    })
}

/// Percent-encodes the characters that lenient parsing tolerates, splitting
/// at the first `?` and the first `#` after it the way CppNix does.
fn lenient_fixup(url: &[u8]) -> Vec<u8> {
    let mut fixed = Vec::with_capacity(url.len());
    let mut view = url;
    if let Some(q) = view.iter().position(|&c| c == b'?') {
        fixed.extend_from_slice(&view[..=q]);
        view = &view[q + 1..];
        let frag = view.iter().position(|&c| c == b'#').unwrap_or(view.len());
        fixed.extend(percent_encode_only(&view[..frag], b" \""));
        view = &view[frag..];
    }
    if let Some(h) = view.iter().position(|&c| c == b'#') {
        fixed.extend_from_slice(&view[..=h]);
        fixed.extend(percent_encode_only(&view[h + 1..], b" \"^"));
        return fixed;
    }
    fixed.extend_from_slice(view);
    fixed
}

/// `pathToUrlPath` for POSIX paths, following `std::filesystem::path`'s
/// decomposition: repeated slashes collapse, and a trailing slash yields an
/// empty last element *and* an empty filename, hence two empty segments.
pub fn path_to_url_path(p: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if p.starts_with(b"/") {
        out.push(Vec::new());
    }
    let rel = &p[p.iter().position(|&c| c != b'/').unwrap_or(p.len())..];
    if !rel.is_empty() {
        out.extend(
            rel.split(|&c| c == b'/')
                .filter(|s| !s.is_empty())
                .map(<[u8]>::to_vec),
        );
        if rel.ends_with(b"/") {
            out.push(Vec::new());
        }
    }
    if p.is_empty() || p.ends_with(b"/") {
        out.push(Vec::new());
    }
    out
}

/// `urlPathToPath`: joins segments with `std::filesystem::path::operator/=`
/// semantics (a separator is added only after a non-empty filename).
pub fn url_path_to_path(path: &[Vec<u8>]) -> Result<Vec<u8>, Error> {
    for seg in path {
        if seg.contains(&b'/') {
            return Err(Error::bad_url(format!(
                "URL path component '{}' contains '/', which is not allowed in file names",
                lossy(seg)
            )));
        }
        if seg.contains(&0) {
            let shown = lossy(seg).replace('\0', "\u{2400}");
            return Err(Error::bad_url(format!(
                "URL path component '{shown}' contains NUL byte which is not allowed"
            )));
        }
    }
    let mut it = path.iter().peekable();
    let mut out = Vec::new();
    if it.peek().is_some_and(|s| s.is_empty()) {
        it.next();
        out.push(b'/');
    }
    for seg in it {
        if !out.is_empty() && !out.ends_with(b"/") {
            out.push(b'/');
        }
        out.extend_from_slice(seg);
    }
    Ok(out)
}

/// `fixGitURL`: absolute paths become `file://` URLs, SCP-style
/// `[user@]host:path` becomes `ssh://`, anything else must be a URL, whose
/// redundant `git+` prefix is dropped.
pub fn fix_git_url(url: &[u8]) -> Result<ParsedUrl, Error> {
    if url.starts_with(b"/") {
        // A local path, not a URL: no percent-decoding.
        let mut p = ParsedUrl::new(b"file", path_to_url_path(url));
        p.authority = Some(Authority::empty());
        return Ok(p);
    }
    if let Some(scp) = try_parse_scp(url)? {
        return Ok(scp);
    }
    let mut parsed = parse_url(url, false)?;
    if let (Some(b"git"), transport) = split_scheme(&parsed.scheme) {
        parsed.scheme = transport.to_vec();
    }
    Ok(parsed)
}

const GIT_SCHEMES: [&[u8]; 14] = [
    b"ssh",
    b"http",
    b"https",
    b"file",
    b"ftp",
    b"ftps",
    b"git",
    b"git+ssh",
    b"git+http",
    b"git+https",
    b"git+file",
    b"git+ftp",
    b"git+ftps",
    b"git+git",
];

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Git's SCP-like syntax. `Ok(None)` means "not SCP-style, parse as a URL".
fn try_parse_scp(url: &[u8]) -> Result<Option<ParsedUrl>, Error> {
    if find(url, b"://").is_some() {
        return Ok(None);
    }
    let Some(first_colon) = url.iter().position(|&c| c == b':') else {
        return Ok(None);
    };
    let mut host_end = first_colon;
    if url[..host_end].contains(&b'/') || GIT_SCHEMES.contains(&&url[..host_end]) {
        return Ok(None);
    }
    // Like git, look for `@[` first and only then for a leading `[`.
    let bracket = find(url, b"@[")
        .map(|i| i + 1)
        .or(url.starts_with(b"[").then_some(0));
    let close = bracket.and_then(|open| {
        let after = open + 1;
        url[after..]
            .iter()
            .position(|&c| c == b']')
            .map(|i| i + after)
    });
    if let Some(close) = close {
        if url.get(close + 1) == Some(&b':') {
            host_end = close + 1;
        } else {
            // Either no colon after `]`, or characters git would silently
            // drop between `]` and `:`; both are not SCP-style for CppNix.
            return Ok(None);
        }
    }
    let (hostpart, path) = (&url[..host_end], &url[host_end + 1..]);
    let (user, host) = match hostpart.iter().position(|&c| c == b'@') {
        Some(i) => (Some(hostpart[..i].to_vec()), &hostpart[i + 1..]),
        None => (None, hostpart),
    };
    let mut authority = Authority::empty();
    if let Some(v4) = parse_ipv4(host) {
        authority.host_type = HostType::IPv4;
        authority.host = format!("{}.{}.{}.{}", v4[0], v4[1], v4[2], v4[3]).into_bytes();
    } else if host.starts_with(b"[") && host.ends_with(b"]") {
        let inner = &host[1..host.len() - 1];
        let Some(v6) = parse_ipv6(inner) else {
            return Err(Error::bad_url(format!(
                "Git SCP bracketed URL is not valid: '{}' is not a valid IPv6 address",
                lossy(inner)
            )));
        };
        authority.host_type = HostType::IPv6;
        authority.host = ipv6_to_string(&v6).into_bytes();
    } else {
        authority.host = host.to_vec();
    }
    authority.user = user;
    if path.is_empty() {
        return Err(Error::bad_url(format!(
            "SCP-style Git URL '{}' has an empty path",
            lossy(url)
        )));
    }
    let mut res = ParsedUrl::new(b"ssh", split_on(path, b'/'));
    res.authority = Some(authority);
    // A URL path is always absolute; CppNix makes relative SCP paths
    // absolute (and warns that this changes their meaning).
    if res.path.first().is_some_and(|s| !s.is_empty()) {
        res.path.insert(0, Vec::new());
    }
    Ok(Some(res))
}
