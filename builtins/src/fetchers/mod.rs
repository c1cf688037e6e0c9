//! The fetchers: `fetchurl`, `fetchTarball`, `fetchGit`, `fetchMercurial`, `fetchTree`,
//! `fetchClosure` and `getFlake`.
//!
//! nixvm does not download. The fetchers still check their arguments as Nix does, so that
//! a mistake is reported as Nix reports it; `fetchurl` of a local `file://` URL works (its
//! store path depends only on the file's contents and the name), and so does `fetchGit` of
//! a local repository (`git.rs`). Anything that would need the network fails with a
//! clear error.

use std::path::PathBuf;

use nixvm_value::fmt::print_identifier;
use nixvm_value::{Coercion, ContextElem, Error, ErrorKind, GenCo, Host, NixContext, NixString};
use nixvm_value::{NixAttrs, Symbol, TraceFrame, Value, ValueType};

pub mod git;

use crate::files::access::string_without_context;
use crate::store::copy::{Method, add_path};
use crate::store::nar::file_hash;
use crate::store::{check_name, references_of};
use crate::strings::basic::base_name;
use git::{Caller, InputAttr, InputAttrs, fetch_git_input, input_from_attrs, input_from_url};
use nixvm_hash::{Hash, HashAlgo, HashFormat, make_fixed_output_path};

fn unsupported(name: &str) -> Error {
    Error::new(ErrorKind::Unsupported(format!(
        "builtins.{name} is not supported yet: nixvm cannot download, and has no store to put downloads in"
    )))
}

macro_rules! fetcher {
    ($fname:ident, $name:literal) => {
        fn $fname(_: &mut dyn Host, _: &[Value]) -> Result<Value, Error> {
            Err(unsupported($name))
        }
    };
}

fetcher!(fetch_closure, "fetchClosure");
fetcher!(get_flake, "getFlake");

/// A string holding a store path, with the context that says so.
pub(crate) fn store_path_string(path: &str) -> Value {
    let mut ctx = NixContext::new();
    ctx.insert(ContextElem::Opaque(path.into()));
    Value::String(NixString::with_context(path.as_bytes().to_vec(), ctx))
}

/// What `fetchurl` and `fetchTarball` were asked for.
struct Download {
    url: String,
    name: String,
    expected: Option<Hash>,
}

/// Nix's `fetch` (behind `fetchurl` and `fetchTarball`) up to the download: the argument
/// is a URL or `{ url; sha256 ? …; name ? …; }`, and the name (by default the URL's last
/// component) must be valid in a store path.
async fn download_args(
    co: &GenCo,
    arg: &Value,
    who: &str,
    default_name: &str,
) -> Result<Download, Error> {
    let arg = co.force(arg.clone()).await;
    let mut url = None;
    let mut expected = None;
    let mut name = default_name.to_string();
    let is_attrs = matches!(arg, Value::Attrs(_));
    let mut name_passed = false;
    if let Value::Attrs(set) = &arg {
        for attr in set.sorted() {
            let v = co.force(attr.value.clone()).await;
            match attr.name.as_bytes() {
                b"url" => {
                    let s = string_without_context(&v, "while evaluating the url we should fetch")?;
                    url = Some(s.to_str_lossy().into_owned());
                }
                b"sha256" => {
                    let s = string_without_context(
                        &v,
                        "while evaluating the sha256 of the content we should fetch",
                    )?;
                    let s = s.to_str_lossy().into_owned();
                    expected = Some(crate::store::builtins::parse_expected_hash(co, &s).await?);
                }
                b"name" => {
                    name_passed = true;
                    let s = string_without_context(
                        &v,
                        "while evaluating the name of the content we should fetch",
                    )?;
                    name = s.to_str_lossy().into_owned();
                }
                other => {
                    return Err(Error::eval(format!(
                        "unsupported argument '{}' to '{who}'",
                        String::from_utf8_lossy(other)
                    )));
                }
            }
        }
    } else {
        let s = string_without_context(&arg, "while evaluating the url we should fetch")?;
        url = Some(s.to_str_lossy().into_owned());
    }
    let Some(mut url) = url else {
        return Err(Error::eval("'url' argument required"));
    };
    if who == "fetchTarball"
        && let Some(channel) = url.strip_prefix("channel:")
    {
        url = format!("https://channels.nixos.org/{channel}/nixexprs.tar.xz");
    }
    check_uri(co, &url).await?;
    if name.is_empty() {
        name = base_name(&NixString::from(url.as_str()))
            .to_str_lossy()
            .into_owned();
    }
    if let Err(reason) = check_name(&name) {
        // Nix's message has two spaces before "so" in the last of these.
        let resolution = if name_passed {
            format!(
                "Please change the value for the 'name' attribute passed to '{who}', so that it can create a valid store path."
            )
        } else if is_attrs {
            format!(
                "Please add a valid 'name' attribute to the argument for '{who}', so that it can create a valid store path."
            )
        } else {
            format!(
                "Please pass an attribute set with 'url' and 'name' attributes to '{who}',  so that it can create a valid store path."
            )
        };
        return Err(Error::eval(format!(
            "invalid store path name when fetching URL '{url}': {reason}. {resolution}"
        )));
    }
    let pure = co.host(|h| h.settings().pure_eval).await;
    if pure && expected.is_none() {
        return Err(Error::eval(format!(
            "in pure evaluation mode, '{who}' requires a 'sha256' argument"
        )));
    }
    Ok(Download {
        url,
        name,
        expected,
    })
}

/// Nix's `isAllowedURI`: `uri` is an allowed prefix, or lies below one (after a `/`), or
/// has a scheme that a prefix `scheme:` allows as a whole.
fn is_allowed_uri(uri: &str, allowed: &[String]) -> bool {
    allowed.iter().any(|prefix| {
        let scheme_only = prefix.strip_suffix(':').is_some_and(|s| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        uri == prefix
            || (uri.len() > prefix.len()
                && !prefix.is_empty()
                && uri.starts_with(prefix.as_str())
                && (prefix.ends_with('/') || uri.as_bytes()[prefix.len()] == b'/' || scheme_only))
    })
}

/// Nix's `checkURI`: in restricted evaluation a fetcher may only use an allowed URL, or a
/// local path (or `file:` URL) the restricted file access allows.
pub(crate) async fn check_uri(co: &GenCo, uri: &str) -> Result<(), Error> {
    let uri = uri.to_string();
    co.host(move |h| {
        let settings = h.settings();
        if !settings.restrict_eval || is_allowed_uri(&uri, &settings.allowed_uris) {
            return Ok(());
        }
        let local = if uri.starts_with('/') {
            Some(PathBuf::from(&uri))
        } else {
            local_file(&uri)
        };
        match local {
            // The restricted file access says whether the path may be read.
            Some(path) => h.io().path_exists(&path).map(|_| ()),
            None => Err(Error::new(ErrorKind::Restricted(format!(
                "access to URI '{uri}' is forbidden in restricted mode"
            )))),
        }
    })
    .await
}

/// The local file a `file://` URL names (percent escapes decoded), if it is one.
fn local_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let b = rest.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(out)))
}

async fn fetchurl(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let d = download_args(&co, &a[0], "fetchurl", "").await?;
    co.host(move |h| {
        let store_dir = h.settings().store_dir.clone();
        // A path given with its hash is taken from the store when it is there already.
        if let Some(hash) = &d.expected
            && let Ok(path) = make_fixed_output_path(&store_dir, &d.name, false, hash, &[])
            && references_of(h, &path).is_some()
        {
            return Ok(store_path_string(&path));
        }
        let Some(file) = local_file(&d.url) else {
            return Err(unsupported("fetchurl"));
        };
        let is_file = h
            .io()
            .stat(&file, true)?
            .is_some_and(|st| st.file_type == nixvm_value::FileType::Regular);
        if !is_file {
            return Err(Error::eval(format!(
                "unable to download '{}': Couldn't read a file:// file (37)",
                d.url
            )));
        }
        let path = add_path(h, &file, &d.name, Method::Flat, &|_| true)?;
        if let Some(expected) = &d.expected {
            let got = file_hash(h.io(), &file, HashAlgo::Sha256)?;
            if got != *expected {
                return Err(Error::eval(format!(
                    "hash mismatch in file downloaded from '{}':\n  specified: {}\n  got:       {}",
                    d.url,
                    expected.to_string(HashFormat::Nix32, true),
                    got.to_string(HashFormat::Nix32, true)
                )));
            }
        }
        Ok(store_path_string(&path))
    })
    .await
}

async fn fetch_tarball(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    download_args(&co, &a[0], "fetchTarball", "source").await?;
    Err(unsupported("fetchTarball"))
}

/// A context line without a position, as the fetchers add to their arguments' errors.
fn context_line(message: &str) -> TraceFrame {
    TraceFrame {
        span: None,
        message: message.to_string(),
        always: false,
    }
}

/// How Nix's `showType` names a value's type in the fetchers' messages.
fn show_type(v: &Value) -> &'static str {
    v.value_type().with_article()
}

/// The checks `fetchTree` makes of the attributes of an input (all but `type`): each must
/// be a string, a path, a Boolean or a non-negative integer. Returns them as the input's
/// attributes (a path as its text).
async fn check_input_attrs(co: &GenCo, set: &NixAttrs, who: &str) -> Result<InputAttrs, Error> {
    let mut attrs = InputAttrs::new();
    for attr in set.sorted() {
        if attr.name.as_bytes() == b"type" {
            continue;
        }
        let v = co.force(attr.value.clone()).await;
        let value = match v.value_type() {
            ValueType::String | ValueType::Path => {
                let s = co.coerce(v, Coercion::PLAIN).await;
                InputAttr::Str(s.to_str_lossy().into_owned())
            }
            ValueType::Bool => InputAttr::Bool(nixvm_value::expect::expect_bool(&v)?),
            ValueType::Int => {
                let n = nixvm_value::expect::expect_int(&v)?;
                if n < 0 {
                    return Err(Error::eval(format!(
                        "negative value given for '{who}' argument '{}': {n}",
                        print_identifier(attr.name.as_bytes())
                    )));
                }
                InputAttr::Int(n as u64)
            }
            _ => {
                return Err(Error::eval(format!(
                    "argument '{}' to '{who}' is {} while a string, Boolean or integer is expected",
                    print_identifier(attr.name.as_bytes()),
                    show_type(&v)
                )));
            }
        };
        attrs.insert(attr.name.to_str_lossy().into_owned(), value);
    }
    Ok(attrs)
}

/// `fetchGit`: `fetchTree` with the type fixed to `git`, of a set or of a URL or path.
async fn fetch_git(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    const WHO: &str = "fetchGit";
    let arg = co.force(a[0].clone()).await;
    let attrs = if let Value::Attrs(set) = &arg {
        if set.get(Symbol::new("type")).is_some() {
            return Err(Error::eval("unexpected argument 'type'"));
        }
        input_from_attrs(check_input_attrs(&co, set, WHO).await?)?
    } else {
        let frames = vec![context_line(
            "while evaluating the first argument passed to 'fetchGit'",
        )];
        let url = co.coerce_in(arg, Coercion::PLAIN, frames).await;
        input_from_url(&url.to_str_lossy())
    };
    fetch_git_input(&co, attrs, Caller::FetchGit).await
}

/// `fetchTree` (with the fetch-tree or flakes feature): an input as a set with a `type`, or
/// (with flakes) as a URL.
async fn fetch_tree(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    const WHO: &str = "fetchTree";
    let arg = co.force(a[0].clone()).await;
    if let Value::Attrs(set) = &arg {
        let Some(t) = set.get(Symbol::new("type")) else {
            return Err(Error::eval(format!(
                "argument 'type' is missing in call to '{WHO}'"
            )));
        };
        let t = co.force(t.clone()).await;
        let t = string_without_context(
            &t,
            "while evaluating the `type` argument passed to 'fetchTree'",
        )?;
        let mut attrs = check_input_attrs(&co, set, WHO).await?;
        if set.get(Symbol::new("name")).is_some() {
            return Err(Error::eval(format!(
                "argument 'name' isn\u{2019}t supported in call to '{WHO}'"
            )));
        }
        if t.as_bytes() == b"git" {
            // fetchTree reads git repositories shallowly unless told otherwise.
            attrs
                .entry("shallow".into())
                .or_insert(InputAttr::Bool(true));
            return fetch_git_input(&co, attrs, Caller::FetchTree).await;
        }
        return Err(unsupported(WHO));
    }
    let frames = vec![context_line(
        "while evaluating the first argument passed to 'fetchTree'",
    )];
    let url = co.coerce_in(arg, Coercion::PLAIN, frames).await;
    let url = url.to_str_lossy().into_owned();
    let flakes = co
        .host(|h| h.settings().has(nixvm_value::Feature::Flakes))
        .await;
    if !flakes {
        return Err(Error::eval(format!(
            "passing a string argument to '{WHO}' requires the 'flakes' experimental feature"
        )));
    }
    // A `file:` URL names a tarball (a tree is required), which must be given by its
    // absolute path.
    let local = url
        .strip_prefix("tarball+file:")
        .or_else(|| url.strip_prefix("file:"));
    if let Some(rest) = local {
        let path = rest.strip_prefix("//").unwrap_or(rest);
        if !path.starts_with('/') {
            return Err(Error::eval(format!(
                "tarball '{url}' must use an absolute path. The 'file' scheme does not support relative paths."
            ))
            .with_trace(None, format!("while fetching the input '{url}'")));
        }
    }
    Err(unsupported(WHO))
}

/// `fetchMercurial`'s own checks: `{ url; rev ? …; name ? …; }` or a URL.
async fn fetch_mercurial(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let arg = co.force(a[0].clone()).await;
    if let Value::Attrs(set) = &arg {
        let mut url = false;
        for attr in set.sorted() {
            let field = attr.name.to_str_lossy();
            match &*field {
                "url" => {
                    let frames = vec![context_line(
                        "while evaluating the `url` attribute passed to builtins.fetchMercurial",
                    )];
                    url = !co
                        .coerce_in(attr.value.clone(), Coercion::PLAIN, frames)
                        .await
                        .is_empty();
                }
                "rev" | "name" => {
                    let v = co.force(attr.value.clone()).await;
                    string_without_context(
                        &v,
                        &format!(
                            "while evaluating the `{field}` attribute passed to builtins.fetchMercurial"
                        ),
                    )?;
                }
                _ => {
                    return Err(Error::eval(format!(
                        "unsupported argument '{}' to 'fetchMercurial'",
                        print_identifier(attr.name.as_bytes())
                    )));
                }
            }
        }
        if !url {
            return Err(Error::eval("'url' argument required"));
        }
    } else {
        let frames = vec![context_line(
            "while evaluating the first argument passed to builtins.fetchMercurial",
        )];
        co.coerce_in(arg, Coercion::PLAIN, frames).await;
    }
    Err(unsupported("fetchMercurial"))
}

builtins! {
    /// Download a file from `arg` (a URL, or `{ url; sha256 ? …; name ? …; }`) into the
    /// store (nixvm reads local `file://` URLs only).
    FETCHURL = "fetchurl"(arg) => gen fetchurl;
    /// Download and unpack a tarball into the store (not supported by nixvm yet).
    FETCH_TARBALL = "fetchTarball"(args) => gen fetch_tarball, global;
    /// Fetch a tree from a git repository into the store (local repositories only: nixvm
    /// does not download).
    FETCH_GIT = "fetchGit"(args) => gen fetch_git, global;
    /// Fetch a tree from a Mercurial repository into the store (not supported by nixvm
    /// yet).
    FETCH_MERCURIAL = "fetchMercurial"(args) => gen fetch_mercurial, global;
    /// Fetch a source tree described by `input` into the store (nixvm reads local git
    /// repositories only; needs the fetch-tree or flakes feature).
    FETCH_TREE = "fetchTree"(input) => gen fetch_tree, global, needs(FetchTree, Flakes);
    /// Fetch a store path closure from a binary cache (not supported by nixvm yet; needs
    /// the fetch-closure feature).
    FETCH_CLOSURE = "fetchClosure"(args) => fetch_closure, needs(FetchClosure);
    /// Fetch a flake and return its outputs (not supported by nixvm yet; needs the flakes
    /// feature).
    GET_FLAKE = "getFlake"(args) => get_flake, needs(Flakes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_uris_are_prefixes_at_a_boundary() {
        let allowed = [
            "https://github.com/NixOS".to_string(),
            "gitlab:".to_string(),
        ];
        assert!(is_allowed_uri("https://github.com/NixOS", &allowed));
        assert!(is_allowed_uri("https://github.com/NixOS/nix.git", &allowed));
        assert!(!is_allowed_uri(
            "https://github.com/NixOSx/nix.git",
            &allowed
        ));
        assert!(is_allowed_uri("gitlab:a/b", &allowed));
        assert!(!is_allowed_uri("https://example.org", &allowed));
        assert!(!is_allowed_uri("x", &["".to_string()]));
    }
}
