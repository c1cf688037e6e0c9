//! How builtins reach files: a value becomes a path as Nix's `coerceToPath` and
//! `realisePath` make it, symlinks are resolved through [`EvalIO`], and store paths that
//! nixvm made itself (with `toFile`, `builtins.path`, `"${./file}"`) are read from where
//! their contents really are, whether or not they were written to a store.

use std::collections::VecDeque;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use nixvm_value::coerce::cannot_coerce;
use nixvm_value::{
    Coercion, ContextElem, Error, ErrorKind, EvalIO, FileType, GenCo, Host, NixContext, NixString,
    Value,
};

use crate::store::{self, Contents};

/// The bytes of a path.
pub fn path_bytes(p: &Path) -> &[u8] {
    p.as_os_str().as_bytes()
}

/// A string argument that must not carry a context, as Nix's `forceStringNoCtx` checks it.
/// Its errors get `context` as a context line, unless it is empty.
pub fn string_without_context(v: &Value, context: &str) -> Result<NixString, Error> {
    let traced = |e: Error| {
        if context.is_empty() {
            e
        } else {
            e.with_trace(None, context)
        }
    };
    let s = nixvm_value::expect::expect_string(v).map_err(traced)?;
    if let Some(elem) = s.context().and_then(|c| c.iter().next()) {
        return Err(traced(Error::eval(format!(
            "the string '{}' is not allowed to refer to a store path (such as '{}')",
            s.to_str_lossy(),
            display_context_elem(elem)
        ))));
    }
    Ok(s)
}

/// A context element as Nix's messages show it.
pub fn display_context_elem(elem: &ContextElem) -> String {
    match elem {
        ContextElem::Opaque(p) => p.to_string(),
        ContextElem::DrvDeep(p) => format!("{p} (deep)"),
        ContextElem::Built { drv, output } => format!("{drv}^{output}"),
    }
}

/// Nix's `coerceToPath`: a path value, or a string (possibly from `__toString` or
/// `outPath`) holding an absolute path, which is made canonical. The string's context comes
/// along.
pub async fn coerce_to_path(
    co: &GenCo,
    v: Value,
    context: &'static str,
) -> Result<(PathBuf, NixContext), Error> {
    let v = co.force(v).await;
    let s = match &v {
        Value::Path(p) => return Ok((p.as_ref().clone(), NixContext::new())),
        Value::String(s) => s.clone(),
        // `__toString` and `outPath` lead to the path: their context lines go to its errors.
        Value::Attrs(_) => co.coerce(v.clone(), Coercion::to_path(context)).await,
        _ => return Err(cannot_coerce(&v).with_trace(None, context)),
    };
    if s.as_bytes().first() != Some(&b'/') {
        return Err(Error::eval(format!(
            "string '{}' doesn't represent an absolute path",
            s.to_str_lossy()
        ))
        .with_trace(None, context));
    }
    Ok((
        nixvm_value::path::canon_path(s.as_bytes()),
        s.context().cloned().unwrap_or_default(),
    ))
}

/// How much of a path's symlinks to resolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolve {
    /// None: the path is used as it is.
    Nothing,
    /// All but the last component (Nix's `SymlinkResolution::Ancestors`).
    Ancestors,
    /// All of them (`SymlinkResolution::Full`).
    Full,
}

/// Nix's limit on symlinks followed while resolving one path.
const MAX_SYMLINKS: usize = 1024;

/// Directories met while resolving symlinks: asked about again for every file under them
/// (an import resolves its directory's ancestors twice, and reading the file once more),
/// they are looked up once per evaluation, as Nix caches its `lstat`s (its limit, after
/// which the table starts afresh, too). Only directories are kept: a path that was nothing
/// or a file may be made later in the evaluation, and none of those is ever a symlink's
/// place on the way to another file; a directory replaced by a symlink while an evaluation
/// runs is not something Nix sees either.
#[derive(Default)]
struct KnownDirectories(rustc_hash::FxHashSet<PathBuf>);

/// How many directories [`KnownDirectories`] holds before it starts afresh.
const MAX_KNOWN_DIRECTORIES: usize = 16384;

/// Resolves the symlinks of `path` through the host's [`EvalIO`], component by component,
/// as Nix's `SourcePath::resolveSymlinks` does. Components that do not exist are kept as
/// they are.
pub fn resolve_symlinks(h: &mut dyn Host, path: &Path, mode: Resolve) -> Result<PathBuf, Error> {
    if mode == Resolve::Nothing {
        return Ok(path.to_path_buf());
    }
    let mut known = std::mem::take(h.extensions().get_or_default::<KnownDirectories>());
    let resolved = resolve_with(h.io(), path, mode, &mut known);
    *h.extensions().get_or_default::<KnownDirectories>() = known;
    resolved
}

fn resolve_with(
    io: &dyn EvalIO,
    path: &Path,
    mode: Resolve,
    known: &mut KnownDirectories,
) -> Result<PathBuf, Error> {
    let mut todo: VecDeque<PathBuf> = components(path);
    let mut out = PathBuf::from("/");
    let mut links_left = MAX_SYMLINKS;
    while let Some(c) = todo.pop_front() {
        if c.as_os_str() == ".." {
            out.pop();
            continue;
        }
        out.push(&c);
        if mode == Resolve::Ancestors && todo.is_empty() {
            break;
        }
        if known.0.contains(&out) {
            continue;
        }
        // Nix looks through its access control here as through `maybeLstat`, which sees a
        // path it may not read as nothing there: the error, if any, comes from reading
        // the path in the end, and names that path rather than the first refused
        // directory on the way to it.
        let st = match io.stat(&out, false) {
            Err(e) if matches!(e.kind(), ErrorKind::Restricted(_)) => None,
            st => st?,
        };
        let file_type = st.map(|st| st.file_type);
        if file_type == Some(FileType::Directory) {
            if known.0.len() >= MAX_KNOWN_DIRECTORIES {
                known.0.clear();
            }
            known.0.insert(out.clone());
        }
        if file_type != Some(FileType::Symlink) {
            continue;
        }
        if links_left == 0 {
            return Err(Error::eval(format!(
                "infinite symlink recursion in path '{}'",
                path.display()
            )));
        }
        links_left -= 1;
        let target = io.read_link(&out)?;
        out.pop();
        if target.first() == Some(&b'/') {
            out = PathBuf::from("/");
        }
        for (i, part) in components(Path::new(OsStr::from_bytes(&target)))
            .into_iter()
            .enumerate()
        {
            todo.insert(i, part);
        }
    }
    Ok(out)
}

/// The normal and `..` components of a path (`.` and the root are dropped).
fn components(path: &Path) -> VecDeque<PathBuf> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(PathBuf::from(n)),
            Component::ParentDir => Some(PathBuf::from("..")),
            _ => None,
        })
        .collect()
}

/// Where the contents of a path really are.
#[derive(Clone, Debug)]
pub enum Realised {
    /// On the filesystem of the [`EvalIO`].
    Fs(PathBuf),
    /// A file nixvm wrote "to the store" (`toFile`, a `.drv`), held in memory.
    Text { path: PathBuf, contents: Rc<[u8]> },
}

impl Realised {
    /// The path as Nix would show it in messages.
    pub fn path(&self) -> &Path {
        match self {
            Realised::Fs(p) | Realised::Text { path: p, .. } => p,
        }
    }
}

/// Nix's `realisePath`: the path a value names, with nixvm's own store objects mapped to
/// their contents and the symlinks resolved as `mode` says.
pub async fn realise_path(co: &GenCo, v: Value, mode: Resolve) -> Result<Realised, Error> {
    let (path, context) = coerce_to_path(co, v, "while realising the context of a path").await?;
    realise_coerced(co, path, context, mode).await
}

/// [`realise_path`] of a path already coerced.
pub async fn realise_coerced(
    co: &GenCo,
    path: PathBuf,
    context: NixContext,
    mode: Resolve,
) -> Result<Realised, Error> {
    co.host(move |h| {
        let trace = realising_context(&path);
        store::realise_context(h, &context)
            .and_then(|()| realise_in_host(h, path, mode))
            .map_err(|e| e.with_trace(None, trace))
    })
    .await
}

fn realising_context(path: &Path) -> String {
    format!("while realising the context of path '{}'", path.display())
}

/// The host side of [`realise_path`].
pub fn realise_in_host(h: &mut dyn Host, path: PathBuf, mode: Resolve) -> Result<Realised, Error> {
    match store::lookup(h, &path) {
        Some((Contents::Text(contents), rest)) if rest.as_os_str().is_empty() => {
            Ok(Realised::Text { path, contents })
        }
        Some((Contents::Text(_), _)) => Ok(Realised::Fs(path)),
        Some((Contents::Written, _)) => Ok(Realised::Fs(resolve_symlinks(h, &path, mode)?)),
        Some((Contents::Derivation, _)) => {
            let shown = path.display().to_string();
            let object = store::split_store_path(&h.settings().store_dir, &shown)
                .map_or(shown.clone(), |(o, _)| o.to_string());
            Err(Error::eval(format!("path '{object}' is not valid")))
        }
        Some((Contents::Local(source), rest)) => {
            let local = if rest.as_os_str().is_empty() {
                source
            } else {
                source.join(rest)
            };
            Ok(Realised::Fs(resolve_symlinks(h, &local, mode)?))
        }
        None => Ok(Realised::Fs(resolve_symlinks(h, &path, mode)?)),
    }
}
