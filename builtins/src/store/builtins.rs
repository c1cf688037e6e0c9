//! The builtins that put things in the store: `toFile`, `builtins.path`, `filterSource`,
//! and `storePath`, which refers to something already there.
//!
//! These compute the store path Nix would produce, return it with its string context,
//! record the object (see the module above), and write it if the store writes.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nixvm_value::expect::{expect_attrs, expect_bool, expect_function, expect_string};
use nixvm_value::fmt::print_identifier;
use nixvm_value::{
    ContextElem, Error, ErrorKind, FileType, GenCo, Host, NixContext, NixString, TraceFrame, Value,
};

use super::copy::{Method, add_path, base_name};
use super::{
    Contents, check_store_path_base, invalid_store_path, realise_context, references_of, remember,
    split_store_path, write_text,
};
use crate::files::access::{
    Resolve, coerce_to_path, path_bytes, resolve_symlinks, string_without_context,
};
use crate::support::args::{arg_context, forced, in_arg, in_context};
use nixvm_hash::{Hash, HashAlgo, HashFormat, make_fixed_output_path, make_text_path};

/// A string holding a store path, with the context that says so.
fn store_path_string(path: &str) -> Value {
    let mut ctx = NixContext::new();
    ctx.insert(ContextElem::Opaque(path.into()));
    Value::String(NixString::with_context(path.as_bytes().to_vec(), ctx))
}

/// A context element as Nix writes it in messages about contexts (`=…`, `!out!…`), with
/// store paths by their base name.
fn encoded_context_elem(elem: &ContextElem) -> String {
    let base = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    match elem {
        ContextElem::Opaque(p) => base(p),
        ContextElem::DrvDeep(p) => format!("={}", base(p)),
        ContextElem::Built { drv, output } => format!("!{output}!{}", base(drv)),
    }
}

fn to_file(h: &mut dyn Host, a: &[Value]) -> Result<Value, Error> {
    let name = string_without_context(&a[0], &arg_context(0, "toFile"))?;
    let name = name.to_str_lossy().into_owned();
    let contents = in_arg(expect_string(&a[1]), 1, "toFile")?;
    let mut references = Vec::new();
    for elem in contents.context().into_iter().flatten() {
        match elem {
            ContextElem::Opaque(p) => references.push(p.to_string()),
            other => {
                return Err(Error::eval(format!(
                    "files created by builtins.toFile may not reference derivations, but {name} references {}",
                    encoded_context_elem(other)
                )));
            }
        }
    }
    let store_dir = h.settings().store_dir.clone();
    let path = make_text_path(&store_dir, &name, contents.as_bytes(), &references);
    if let Some(e) = invalid_store_path(&path, &store_dir, &name) {
        return Err(e);
    }
    write_text(h, &path, &name, contents.as_bytes(), &references)?;
    remember(
        h,
        &path,
        Contents::Text(contents.as_bytes().into()),
        &references,
    );
    Ok(store_path_string(&path))
}

/// What `builtins.path` and `filterSource` copy, and how.
struct AddPath {
    path: PathBuf,
    name: String,
    filter: Option<Value>,
    method: Method,
    expected: Option<Hash>,
    context: NixContext,
}

/// The traversal of a directory for the path filter: its entries, in order.
struct Listing {
    dir: PathBuf,
    entries: Vec<(Vec<u8>, FileType)>,
    next: usize,
}

async fn list_dir(co: &GenCo, dir: PathBuf) -> Result<Listing, Error> {
    let d = dir.clone();
    let mut entries = co
        .host(move |h| {
            let mut entries = h.io().read_dir(&d)?;
            for (name, t) in entries.iter_mut() {
                if *t == FileType::Unknown {
                    let child = d.join(OsStr::from_bytes(name));
                    if let Some(st) = h.io().stat(&child, false)? {
                        *t = st.file_type;
                    }
                }
            }
            Ok::<_, Error>(entries)
        })
        .await?;
    entries.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    Ok(Listing {
        dir,
        entries,
        next: 0,
    })
}

/// Calls the filter on every entry below `root`, in the order Nix's copy visits them
/// (depth first, names in byte order), and returns the entries it keeps.
async fn run_filter(
    co: &GenCo,
    filter: &Value,
    root: &Path,
    adding: &TraceFrame,
) -> Result<HashSet<PathBuf>, Error> {
    let mut keep = HashSet::new();
    let r = root.to_path_buf();
    let root_type = co
        .host(move |h| Ok::<_, Error>(h.io().stat(&r, false)?.map(|s| s.file_type)))
        .await?;
    if root_type != Some(FileType::Directory) {
        return Ok(keep);
    }
    let mut stack = vec![list_dir(co, root.to_path_buf()).await?];
    while let Some(top) = stack.last_mut() {
        let Some((name, t)) = top.entries.get(top.next).cloned() else {
            stack.pop();
            continue;
        };
        top.next += 1;
        let child = top.dir.join(OsStr::from_bytes(&name));
        let verdict = co
            .call_in(
                filter.clone(),
                vec![
                    Value::string(path_bytes(&child)),
                    Value::string(t.nix_name()),
                ],
                vec![adding.clone()],
            )
            .await;
        let verdict = in_context(
            expect_bool(&verdict),
            "while evaluating the return value of the path filter function",
        )?;
        if verdict {
            keep.insert(child.clone());
            if t == FileType::Directory {
                stack.push(list_dir(co, child).await?);
            }
        }
    }
    Ok(keep)
}

/// Nix's `addPath`: the store path of a (filtered) local path, checked against the
/// expected hash if there is one.
async fn add(co: &GenCo, req: AddPath) -> Result<Value, Error> {
    let adding = TraceFrame {
        span: None,
        message: format!("while adding path '{}'", req.path.display()),
        always: false,
    };
    add_inner(co, req, &adding)
        .await
        .map_err(|e| e.with_trace(adding.span, adding.message.clone()))
}

async fn add_inner(co: &GenCo, req: AddPath, adding: &TraceFrame) -> Result<Value, Error> {
    let ctx = req.context.clone();
    co.host(move |h| realise_context(h, &ctx)).await?;
    let AddPath {
        path,
        name,
        filter,
        method,
        expected,
        context,
    } = req;
    // A path inside a store object keeps that object's references.
    let p = path.clone();
    let trusting = expected.is_some();
    // `resolved` is `None` when file access is refused.
    let (resolved, references, store_dir) = co
        .host(move |h| {
            let store_dir = h.settings().store_dir.clone();
            let mut references = Vec::new();
            if !context.is_empty()
                && let Some((object, _)) = p.to_str().and_then(|s| split_store_path(&store_dir, s))
            {
                references = references_of(h, object).unwrap_or_default();
            }
            let resolved = match crate::files::access::realise_in_host(h, p, Resolve::Full) {
                Ok(r) => Some(r.path().to_path_buf()),
                Err(e) if trusting && matches!(e.kind(), ErrorKind::Restricted(_)) => None,
                Err(e) => return Err(e),
            };
            Ok((resolved, references, store_dir))
        })
        .await?;
    let keep = match (&filter, &resolved) {
        (Some(f), Some(r)) => Some(run_filter(co, f, r, adding).await?),
        _ => None,
    };
    let expected_path = match &expected {
        Some(hash) => Some(
            make_fixed_output_path(
                &store_dir,
                &name,
                method == Method::Recursive,
                hash,
                &references,
            )
            .map_err(|e| Error::eval(e.to_string()))?,
        ),
        None => None,
    };
    let exp = expected_path.clone();
    let actual = co
        .host(move |h| {
            // A path given with its hash that this evaluation made, or that the store has,
            // is not read again.
            if let Some(e) = &exp
                && (references_of(h, e).is_some()
                    || (h.store().writes() && h.store().is_valid_path(e)?))
            {
                return Ok(e.clone());
            }
            let keep_fn = |p: &Path| keep.as_ref().is_none_or(|k| k.contains(p));
            let Some(resolved) = resolved else {
                return Ok(exp.clone().unwrap_or_default());
            };
            match add_path(h, &resolved, &name, method, &keep_fn) {
                // Without file access, a path given with its hash is taken on trust, as Nix
                // takes it from a store that already has it.
                Err(e) if matches!(e.kind(), ErrorKind::Restricted(_)) && exp.is_some() => {
                    Ok(exp.clone().unwrap_or_default())
                }
                r => r,
            }
        })
        .await?;
    if let Some(e) = expected_path
        && e != actual
    {
        return Err(Error::eval(format!(
            "store path mismatch in (possibly filtered) path added from '{}'",
            path.display()
        )));
    }
    Ok(store_path_string(&actual))
}

async fn path(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let set = forced(
        &co,
        a[0].clone(),
        expect_attrs,
        "while evaluating the argument passed to 'builtins.path'",
    )
    .await?;
    let mut path = None;
    let mut name = String::new();
    let mut filter = None;
    let mut method = Method::Recursive;
    let mut expected = None;
    let mut context = NixContext::new();
    for attr in set.sorted() {
        let v = attr.value.clone();
        match attr.name.as_bytes() {
            b"path" => {
                let (p, ctx) = coerce_to_path(
                    &co,
                    v,
                    "while evaluating the 'path' attribute passed to 'builtins.path'",
                )
                .await?;
                path = Some(p);
                context = ctx;
            }
            b"name" => {
                let v = co.force(v).await;
                name = string_without_context(
                    &v,
                    "while evaluating the `name` attribute passed to builtins.path",
                )?
                .to_str_lossy()
                .into_owned();
            }
            b"filter" => {
                let v = co.force(v).await;
                filter = Some(in_context(
                    expect_function(&v),
                    "while evaluating the `filter` parameter passed to builtins.path",
                )?);
            }
            b"recursive" => {
                let v = co.force(v).await;
                let r = in_context(
                    expect_bool(&v),
                    "while evaluating the `recursive` attribute passed to builtins.path",
                )?;
                method = if r { Method::Recursive } else { Method::Flat };
            }
            b"sha256" => {
                let v = co.force(v).await;
                let s = string_without_context(
                    &v,
                    "while evaluating the `sha256` attribute passed to builtins.path",
                )?;
                expected = Some(parse_expected_hash(&co, &s.to_str_lossy()).await?);
            }
            _ => {
                let pos = attr.pos;
                let msg = format!(
                    "unsupported argument '{}' to 'builtins.path'",
                    print_identifier(attr.name.as_bytes())
                );
                return Err(co
                    .host(move |h| {
                        let e = Error::eval(msg);
                        match pos.and_then(|p| h.span_at(p)) {
                            Some(span) => e.with_span(span),
                            None => e,
                        }
                    })
                    .await);
            }
        }
    }
    let Some(path) = path else {
        return Err(Error::eval(
            "missing required 'path' attribute in the first argument to 'builtins.path'",
        ));
    };
    if name.is_empty() {
        name = base_name(&path);
    }
    add(
        &co,
        AddPath {
            path,
            name,
            filter,
            method,
            expected,
            context,
        },
    )
    .await
}

/// Nix's `newHashAllowEmpty`: an empty hash is the zero hash of the algorithm, with a
/// warning.
pub(crate) async fn parse_hash_allow_empty(
    co: &GenCo,
    s: &str,
    algo: Option<HashAlgo>,
) -> Result<Hash, Error> {
    let hash = Hash::parse_allow_empty(s, algo).map_err(|e| Error::eval(e.to_string()))?;
    if s.is_empty() {
        let msg = format!(
            "found empty hash, assuming '{}'",
            hash.to_string(HashFormat::Sri, true)
        );
        co.host(move |h| h.nix_warning(&msg)).await;
    }
    Ok(hash)
}

/// [`parse_hash_allow_empty`] for a SHA-256.
pub(crate) async fn parse_expected_hash(co: &GenCo, s: &str) -> Result<Hash, Error> {
    parse_hash_allow_empty(co, s, Some(HashAlgo::Sha256)).await
}

async fn filter_source(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let (path, context) = coerce_to_path(
        &co,
        a[1].clone(),
        "while evaluating the second argument (the path to filter) passed to 'builtins.filterSource'",
    )
    .await?;
    let f = co.force(a[0].clone()).await;
    let f = in_arg(expect_function(&f), 0, "filterSource")?;
    let name = base_name(&path);
    add(
        &co,
        AddPath {
            path,
            name,
            filter: Some(f),
            method: Method::Recursive,
            expected: None,
            context,
        },
    )
    .await
}

async fn store_path(co: GenCo, a: Vec<Value>) -> Result<Value, Error> {
    let pure = co.host(|h| h.settings().pure_eval).await;
    if pure {
        return Err(Error::eval(
            "'builtins.storePath' is not allowed in pure evaluation mode",
        ));
    }
    let (path, mut context) = coerce_to_path(
        &co,
        a[0].clone(),
        "while evaluating the first argument passed to 'builtins.storePath'",
    )
    .await?;
    let (path, object) = co
        .host(move |h| {
            let store_dir = h.settings().store_dir.clone();
            let text = path.to_string_lossy().into_owned();
            // Symlinks are resolved unless the path is itself a store path (a symlink there
            // is what is meant).
            let is_store_path =
                split_store_path(&store_dir, &text).is_some_and(|(_, rest)| rest.is_empty());
            let path = if is_store_path {
                path
            } else {
                resolve_symlinks(h, &path, Resolve::Full)?
            };
            let text = path.to_string_lossy().into_owned();
            let Some((object, _)) = split_store_path(&store_dir, &text) else {
                return Err(Error::eval(format!(
                    "path '{text}' is not in the Nix store"
                )));
            };
            check_store_path_base(object.rsplit('/').next().unwrap_or(object))?;
            let object = object.to_string();
            // A store that writes makes sure the path is there, as Nix does outside read-only
            // mode.
            if h.store().writes() {
                h.store().ensure_path(&object)?;
            }
            Ok((text, object))
        })
        .await?;
    context.insert(ContextElem::Opaque(object.into()));
    Ok(Value::String(NixString::with_context(
        path.into_bytes(),
        context,
    )))
}

builtins! {
    /// Store the string `contents` in a file named `name` in the store and return its path
    /// (nixvm keeps the contents in memory too, and writes nothing without a store).
    TO_FILE = "toFile"(name: strict, contents: strict) => to_file;
    /// Copy a local path to the store, with an optional `name`, `filter`, `recursive` and
    /// expected `sha256`, and return its store path.
    PATH = "path"(args) => gen path;
    /// Copy the path `e2` to the store, keeping only the entries for which `e1 path type`
    /// is true, and return its store path.
    FILTER_SOURCE = "filterSource"(e1, e2) => gen filter_source;
    /// Use the existing store path `path` (with the context that makes it a dependency).
    STORE_PATH = "storePath"(path) => gen store_path;
}
