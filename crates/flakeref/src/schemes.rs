//! The input schemes (CppNix's fetchers): which URLs each accepts, how it
//! validates attributes, and how it turns attributes back into a URL.

use super::attrs::*;
use super::hash::{self, Algo};
use super::url::{self, ParsedUrl, Query, parse_url, split_scheme};
use super::{Error, Kind, lossy};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scheme {
    File,
    Git,
    GitHub,
    GitLab,
    Hg,
    Indirect,
    Path,
    SourceHut,
    Tarball,
}

/// CppNix keeps its input schemes in a map keyed by name, and the first
/// one that accepts a URL wins, so this order is significant.
pub(super) const SCHEMES: [Scheme; 9] = [
    Scheme::File,
    Scheme::Git,
    Scheme::GitHub,
    Scheme::GitLab,
    Scheme::Hg,
    Scheme::Indirect,
    Scheme::Path,
    Scheme::SourceHut,
    Scheme::Tarball,
];

const CURL_ATTRS: &[&str] = &[
    "url",
    "narHash",
    "name",
    "unpack",
    "rev",
    "revCount",
    "lastModified",
];
/// The attributes a git input accepts besides `type` (`fetchGit`, `fetchTree`, flake refs).
pub const GIT_ATTRS: &[&str] = &[
    "url",
    "ref",
    "rev",
    "shallow",
    "submodules",
    "lfs",
    "exportIgnore",
    "lastModified",
    "revCount",
    "narHash",
    "allRefs",
    "name",
    "dirtyRev",
    "dirtyShortRev",
    "verifyCommit",
    "keytype",
    "publicKey",
    "publicKeys",
];
const ARCHIVE_ATTRS: &[&str] = &[
    "owner",
    "repo",
    "ref",
    "rev",
    "narHash",
    "lastModified",
    "host",
    "treeHash",
];
const HG_ATTRS: &[&str] = &["url", "ref", "rev", "revCount", "narHash", "name"];
const INDIRECT_ATTRS: &[&str] = &["id", "ref", "rev", "narHash"];
const PATH_ATTRS: &[&str] = &["path", "rev", "revCount", "lastModified", "narHash"];

impl Scheme {
    pub(super) fn name(self) -> &'static str {
        match self {
            Scheme::File => "file",
            Scheme::Git => "git",
            Scheme::GitHub => "github",
            Scheme::GitLab => "gitlab",
            Scheme::Hg => "hg",
            Scheme::Indirect => "indirect",
            Scheme::Path => "path",
            Scheme::SourceHut => "sourcehut",
            Scheme::Tarball => "tarball",
        }
    }

    pub(super) fn allowed_attrs(self) -> &'static [&'static str] {
        match self {
            Scheme::File | Scheme::Tarball => CURL_ATTRS,
            Scheme::Git => GIT_ATTRS,
            Scheme::GitHub | Scheme::GitLab | Scheme::SourceHut => ARCHIVE_ATTRS,
            Scheme::Hg => HG_ATTRS,
            Scheme::Indirect => INDIRECT_ATTRS,
            Scheme::Path => PATH_ATTRS,
        }
    }

    /// `InputScheme::inputFromURL`; `Ok(None)` means "not mine".
    pub(super) fn input_from_url(
        self,
        url: &ParsedUrl,
        require_tree: bool,
    ) -> Result<Option<Attrs>, Error> {
        match self {
            Scheme::File | Scheme::Tarball => curl_from_url(self, url, require_tree),
            Scheme::Git => git_from_url(url),
            Scheme::GitHub | Scheme::GitLab | Scheme::SourceHut => archive_from_url(self, url),
            Scheme::Hg => hg_from_url(url),
            Scheme::Indirect => indirect_from_url(url),
            Scheme::Path => path_from_url(url),
        }
    }

    /// `InputScheme::inputFromAttrs`: validates and normalises.
    pub(super) fn input_from_attrs(self, mut attrs: Attrs) -> Result<Attrs, Error> {
        match self {
            Scheme::File | Scheme::Tarball => {}
            Scheme::Git => {
                for name in ["verifyCommit", "keytype", "publicKey", "publicKeys"] {
                    if attrs.contains_key(name.as_bytes()) {
                        return Err(Error::missing_feature("verified-fetches"));
                    }
                }
                if let Some(r) = maybe_str(&attrs, "ref")?.filter(|r| !is_legal_ref_name(r)) {
                    return Err(Error::bad_url(format!(
                        "invalid Git branch/tag name '{}'",
                        lossy(r)
                    )));
                }
                let fixed = url::fix_git_url(get_str(&attrs, "url")?)?.render()?;
                set(&mut attrs, "url", Attr::Str(fixed));
                for name in ["shallow", "submodules", "allRefs"] {
                    maybe_bool(&attrs, name)?;
                }
            }
            Scheme::GitHub | Scheme::GitLab | Scheme::SourceHut => archive_check_attrs(&attrs)?,
            Scheme::Hg => {
                parse_url(get_str(&attrs, "url")?, false)?;
                if let Some(r) = maybe_str(&attrs, "ref")?.filter(|r| !matches_ref_regex(r)) {
                    return Err(Error::bad_url(format!(
                        "invalid Mercurial branch/tag name '{}'",
                        lossy(r)
                    )));
                }
            }
            Scheme::Indirect => {
                let id = get_str(&attrs, "id")?;
                if !is_flake_id(id) {
                    return Err(Error::bad_url(format!(
                        "'{}' is not a valid flake ID",
                        lossy(id)
                    )));
                }
            }
            Scheme::Path => {
                get_str(&attrs, "path")?;
            }
        }
        Ok(attrs)
    }

    /// `InputScheme::toURL`.
    pub(super) fn to_url(self, attrs: &Attrs) -> Result<ParsedUrl, Error> {
        match self {
            Scheme::File | Scheme::Tarball => {
                let mut url = parse_url(get_str(attrs, "url")?, false)?;
                if let Some(h) = get_nar_hash(attrs)? {
                    url.query.insert(b"narHash".to_vec(), h.into_bytes());
                }
                Ok(url)
            }
            Scheme::Git => {
                let mut url = parse_url(get_str(attrs, "url")?, false)?;
                if url.scheme != b"git" {
                    url.scheme = [&b"git+"[..], &url.scheme].concat();
                }
                if let Some(rev) = get_rev(attrs)? {
                    url.query.insert(b"rev".to_vec(), rev.into_bytes());
                }
                if let Some(r) = maybe_str(attrs, "ref")? {
                    url.query.insert(b"ref".to_vec(), r.to_vec());
                }
                for flag in [
                    "shallow",
                    "lfs",
                    "submodules",
                    "exportIgnore",
                    "verifyCommit",
                ] {
                    if maybe_bool(attrs, flag)?.unwrap_or(false) {
                        url.query.insert(flag.as_bytes().to_vec(), b"1".to_vec());
                    }
                }
                Ok(url)
            }
            Scheme::GitHub | Scheme::GitLab | Scheme::SourceHut => {
                let mut path = vec![
                    get_str(attrs, "owner")?.to_vec(),
                    get_str(attrs, "repo")?.to_vec(),
                ];
                path.extend(maybe_str(attrs, "ref")?.map(<[u8]>::to_vec));
                path.extend(get_rev(attrs)?.map(String::into_bytes));
                let mut url = ParsedUrl::new(self.name().as_bytes(), path);
                if let Some(h) = get_nar_hash(attrs)? {
                    url.query.insert(b"narHash".to_vec(), h.into_bytes());
                }
                if let Some(host) = maybe_str(attrs, "host")? {
                    url.query.insert(b"host".to_vec(), host.to_vec());
                }
                Ok(url)
            }
            Scheme::Hg => {
                let mut url = parse_url(get_str(attrs, "url")?, false)?;
                url.scheme = [&b"hg+"[..], &url.scheme].concat();
                if let Some(rev) = get_rev(attrs)? {
                    url.query.insert(b"rev".to_vec(), rev.into_bytes());
                }
                if let Some(r) = maybe_str(attrs, "ref")? {
                    url.query.insert(b"ref".to_vec(), r.to_vec());
                }
                Ok(url)
            }
            Scheme::Indirect => {
                let mut path = vec![get_str(attrs, "id")?.to_vec()];
                path.extend(maybe_str(attrs, "ref")?.map(<[u8]>::to_vec));
                path.extend(get_rev(attrs)?.map(String::into_bytes));
                Ok(ParsedUrl::new(b"flake", path))
            }
            Scheme::Path => {
                let mut query = Query::new();
                for (k, v) in attrs {
                    if matches!(&k[..], b"path" | b"type" | b"__final") {
                        continue;
                    }
                    let v = match v {
                        Attr::Str(s) => s.clone(),
                        Attr::Int(n) => n.to_string().into_bytes(),
                        Attr::Bool(b) => if *b { b"1" } else { b"0" }.to_vec(),
                    };
                    query.insert(k.clone(), v);
                }
                let mut url =
                    ParsedUrl::new(b"path", url::path_to_url_path(get_str(attrs, "path")?));
                url.query = query;
                Ok(url)
            }
        }
    }
}

/// `Input::getRev`, rendered the way `toURL` uses it (base16). A string
/// that does not name its hash type is read as SHA-1.
fn get_rev(attrs: &Attrs) -> Result<Option<String>, Error> {
    let Some(s) = maybe_str(attrs, "rev")? else {
        return Ok(None);
    };
    let h = match hash::parse_any_prefixed(s) {
        Err(e) if e.kind == Kind::BadHash => hash::parse_any(s, Some(Algo::Sha1))?,
        other => other?,
    };
    Ok(Some(h.to_base16()))
}

/// `Input::getNarHash`, rendered as SRI. An empty string stands for an
/// all-zero SHA-256 hash.
fn get_nar_hash(attrs: &Attrs) -> Result<Option<String>, Error> {
    let Some(s) = maybe_str(attrs, "narHash")? else {
        return Ok(None);
    };
    let h = if s.is_empty() {
        hash::Hash::zero(Algo::Sha256)
    } else {
        hash::parse_sri(s)?
    };
    if h.algo != Algo::Sha256 {
        return Err(Error::other("narHash must use SHA-256".into()));
    }
    Ok(Some(h.to_sri()))
}

fn has_tarball_extension(url: &ParsedUrl) -> bool {
    let Some(last) = url.path.last() else {
        return false;
    };
    [
        &b".zip"[..],
        b".tar",
        b".tgz",
        b".tar.gz",
        b".tar.xz",
        b".tar.bz2",
        b".tar.zst",
    ]
    .iter()
    .any(|ext| last.ends_with(ext))
}

fn curl_from_url(
    scheme: Scheme,
    url: &ParsedUrl,
    require_tree: bool,
) -> Result<Option<Attrs>, Error> {
    let (application, transport) = split_scheme(&url.scheme);
    let is_tarball = scheme == Scheme::Tarball;
    let valid = matches!(transport, b"file" | b"http" | b"https")
        && match application {
            Some(app) => app == scheme.name().as_bytes(),
            None if is_tarball => require_tree || has_tarball_extension(url),
            None => !require_tree && !has_tarball_extension(url),
        };
    if !valid {
        return Ok(None);
    }
    let mut url2 = url.clone();
    url2.scheme = transport.to_vec();
    let mut attrs = Attrs::new();
    for name in ["narHash", "rev"] {
        if let Some(v) = url.query.get(name.as_bytes()) {
            set(&mut attrs, name, str_attr(v));
        }
    }
    for name in ["revCount", "lastModified"] {
        if let Some(n) = url.query.get(name.as_bytes()).and_then(|v| parse_u64(v)) {
            set(&mut attrs, name, Attr::Int(n));
        }
    }
    // What is meant for Nix must not also be sent to the server.
    for name in CURL_ATTRS {
        url2.query.remove(name.as_bytes());
    }
    set(&mut attrs, "type", str_attr(scheme.name().as_bytes()));
    set(&mut attrs, "url", Attr::Str(url2.render()?));
    Ok(Some(attrs))
}

fn git_from_url(url: &ParsedUrl) -> Result<Option<Attrs>, Error> {
    if url.scheme != b"git" && split_scheme(&url.scheme).0 != Some(b"git") {
        return Ok(None);
    }
    let mut url2 = url.clone();
    url2.query.clear();
    let mut attrs = Attrs::new();
    set(&mut attrs, "type", str_attr(b"git"));
    for (k, v) in &url.query {
        match &k[..] {
            b"rev" | b"ref" | b"keytype" | b"publicKey" | b"publicKeys" => {
                attrs.insert(k.clone(), str_attr(v));
            }
            b"shallow" | b"submodules" | b"lfs" | b"exportIgnore" | b"allRefs"
            | b"verifyCommit" => {
                attrs.insert(k.clone(), Attr::Bool(v == b"1"));
            }
            _ => {
                url2.query.insert(k.clone(), v.clone());
            }
        }
    }
    set(&mut attrs, "url", Attr::Str(url2.render()?));
    Scheme::Git.input_from_attrs(attrs).map(Some)
}

fn archive_from_url(scheme: Scheme, url: &ParsedUrl) -> Result<Option<Attrs>, Error> {
    if url.scheme != scheme.name().as_bytes() {
        return Ok(None);
    }
    let path = url.non_empty_segments();
    let mut attrs = Attrs::new();
    match path.len() {
        0 | 1 => {
            return Err(Error::bad_url(format!(
                "URL '{}' is invalid",
                url.display()
            )));
        }
        2 => {}
        3 if is_rev(&path[2]) => set(&mut attrs, "rev", str_attr(&path[2])),
        _ => set(&mut attrs, "ref", Attr::Str(path[2..].join(&b'/'))),
    }
    for (k, v) in &url.query {
        match &k[..] {
            b"rev" | b"ref" => {
                if attrs.contains_key(k) {
                    let what = if k == b"rev" {
                        "commit hashes"
                    } else {
                        "branch/tag names"
                    };
                    return Err(Error::bad_url(format!(
                        "URL '{}' contains multiple {what}",
                        url.display()
                    )));
                }
                attrs.insert(k.clone(), str_attr(v));
            }
            b"host" | b"narHash" => {
                attrs.insert(k.clone(), str_attr(v));
            }
            _ => {
                return Err(Error::bad_url(format!(
                    "URL '{}' contains unknown parameter '{}'",
                    url.display(),
                    lossy(k)
                )));
            }
        }
    }
    set(&mut attrs, "type", str_attr(scheme.name().as_bytes()));
    set(&mut attrs, "owner", str_attr(&path[0]));
    set(&mut attrs, "repo", str_attr(&path[1]));
    archive_check_attrs(&attrs)?;
    Ok(Some(attrs))
}

fn archive_check_attrs(attrs: &Attrs) -> Result<(), Error> {
    get_str(attrs, "owner")?;
    get_str(attrs, "repo")?;
    let r = maybe_str(attrs, "ref")?;
    let rev = maybe_str(attrs, "rev")?;
    if let (Some(r), Some(rev)) = (r, rev) {
        return Err(Error::bad_url(format!(
            "input {} contains both a commit hash ('{}') and a branch/tag name ('{}')",
            attrs_to_json(attrs)?,
            lossy(rev),
            lossy(r)
        )));
    }
    if let Some(rev) = rev {
        hash::parse_any(rev, Some(Algo::Sha1))?;
    }
    if r.is_some_and(|r| !is_legal_ref_name(r)) {
        return Err(Error::bad_url(format!(
            "input {} contains an invalid branch/tag name",
            attrs_to_json(attrs)?
        )));
    }
    let host_ok = |h: &[u8]| {
        h.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
    };
    if maybe_str(attrs, "host")?.is_some_and(|h| !host_ok(h)) {
        return Err(Error::bad_url(format!(
            "input {} contains an invalid instance host",
            attrs_to_json(attrs)?
        )));
    }
    Ok(())
}

fn hg_from_url(url: &ParsedUrl) -> Result<Option<Attrs>, Error> {
    if !matches!(
        &url.scheme[..],
        b"hg+http" | b"hg+https" | b"hg+ssh" | b"hg+file"
    ) {
        return Ok(None);
    }
    let mut url2 = url.clone();
    url2.scheme.drain(..3);
    url2.query.clear();
    let mut attrs = Attrs::new();
    set(&mut attrs, "type", str_attr(b"hg"));
    for (k, v) in &url.query {
        if k == b"rev" || k == b"ref" {
            attrs.insert(k.clone(), str_attr(v));
        } else {
            url2.query.insert(k.clone(), v.clone());
        }
    }
    set(&mut attrs, "url", Attr::Str(url2.render()?));
    Scheme::Hg.input_from_attrs(attrs).map(Some)
}

fn indirect_from_url(url: &ParsedUrl) -> Result<Option<Attrs>, Error> {
    if url.scheme != b"flake" {
        return Ok(None);
    }
    let path = url.non_empty_segments();
    let rev_of = |s: &[u8]| hash::parse_any(s, Some(Algo::Sha1)).map(|h| h.to_base16());
    let (mut r, mut rev) = (None, None);
    match path.len() {
        1 => {}
        2 if is_rev(&path[1]) => rev = Some(rev_of(&path[1])?),
        2 if is_legal_ref_name(&path[1]) => r = Some(path[1].clone()),
        2 => {
            return Err(Error::bad_url(format!(
                "in flake URL '{}', '{}' is not a commit hash or branch/tag name",
                url.display(),
                lossy(&path[1])
            )));
        }
        3 => {
            if !is_legal_ref_name(&path[1]) {
                return Err(Error::bad_url(format!(
                    "in flake URL '{}', '{}' is not a branch/tag name",
                    url.display(),
                    lossy(&path[1])
                )));
            }
            r = Some(path[1].clone());
            if !is_rev(&path[2]) {
                return Err(Error::bad_url(format!(
                    "in flake URL '{}', '{}' is not a commit hash",
                    url.display(),
                    lossy(&path[2])
                )));
            }
            rev = Some(rev_of(&path[2])?);
        }
        // (sic: CppNix says "GitHub" here)
        _ => {
            return Err(Error::bad_url(format!(
                "GitHub URL '{}' is invalid",
                url.display()
            )));
        }
    }
    if !is_flake_id(&path[0]) {
        return Err(Error::bad_url(format!(
            "'{}' is not a valid flake ID",
            lossy(&path[0])
        )));
    }
    // Query parameters other than `dir` are ignored, as in CppNix.
    let mut attrs = Attrs::new();
    set(&mut attrs, "type", str_attr(b"indirect"));
    set(&mut attrs, "id", str_attr(&path[0]));
    if let Some(rev) = rev {
        set(&mut attrs, "rev", Attr::Str(rev.into_bytes()));
    }
    if let Some(r) = r {
        set(&mut attrs, "ref", Attr::Str(r));
    }
    Ok(Some(attrs))
}

fn path_from_url(url: &ParsedUrl) -> Result<Option<Attrs>, Error> {
    if url.scheme != b"path" {
        return Ok(None);
    }
    if let Some(a) = url.authority.as_ref().filter(|a| !a.host.is_empty()) {
        return Err(Error::other(format!(
            "path URL '{}' should not have an authority ('{}')",
            url.display(),
            lossy(&a.render())
        )));
    }
    let mut attrs = Attrs::new();
    set(&mut attrs, "type", str_attr(b"path"));
    set(
        &mut attrs,
        "path",
        Attr::Str(url::url_path_to_path(&url.path)?),
    );
    for (k, v) in &url.query {
        match &k[..] {
            b"rev" | b"narHash" => {
                attrs.insert(k.clone(), str_attr(v));
            }
            b"revCount" | b"lastModified" => {
                let n = parse_u64(v).ok_or_else(|| {
                    Error::other(format!(
                        "path URL '{}' has invalid parameter '{}'",
                        url.display(),
                        lossy(k)
                    ))
                })?;
                attrs.insert(k.clone(), Attr::Int(n));
            }
            _ => {
                return Err(Error::other(format!(
                    "path URL '{}' has unsupported parameter '{}'",
                    url.display(),
                    lossy(k)
                )));
            }
        }
    }
    Ok(Some(attrs))
}
