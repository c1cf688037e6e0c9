//! What builtins may ask of the evaluator besides evaluation: file access through the
//! [`EvalIO`] trait, the store ([`EvalStore`]), settings, positions, where trace output goes, and per-evaluator state
//! that builtins keep between calls ([`Extensions`]).

use std::any::{Any, TypeId};
use std::io::Read;
use std::path::{Path, PathBuf};

use codemap::{Pos, Span};
use rustc_hash::FxHashMap;

use crate::error::{Error, ErrorKind};
use crate::store::EvalStore;

/// The type of a directory entry, as `builtins.readDir` and `readFileType` report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Regular,
    Directory,
    Symlink,
    Unknown,
}

impl FileType {
    /// The name Nix uses.
    pub fn nix_name(self) -> &'static str {
        match self {
            FileType::Regular => "regular",
            FileType::Directory => "directory",
            FileType::Symlink => "symlink",
            FileType::Unknown => "unknown",
        }
    }
}

/// What `stat` tells about a filesystem object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStat {
    pub file_type: FileType,
    /// A regular file with its owner-execute bit set (the one mode bit a NAR keeps).
    pub executable: bool,
    /// The size in bytes of a regular file (0 for anything else).
    pub size: u64,
}

/// All filesystem and environment access of the evaluator goes through this trait, so that
/// a library user can sandbox it or serve files from memory.
///
/// The methods with default implementations were added later; the defaults refuse (or, for
/// [`EvalIO::open_file`], fall back on [`EvalIO::read_file`]), so an older implementation
/// keeps compiling and simply cannot serve the builtins that need them.
pub trait EvalIO {
    /// The contents of a file.
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, Error>;
    /// Whether something exists at `path` (following symlinks, as `pathExists` does).
    fn path_exists(&self, path: &Path) -> Result<bool, Error>;
    /// The type of `path` itself (not following a final symlink).
    fn file_type(&self, path: &Path) -> Result<FileType, Error>;
    /// The entries of a directory with their types.
    fn read_dir(&self, path: &Path) -> Result<Vec<(Vec<u8>, FileType)>, Error>;
    /// An environment variable, for `builtins.getEnv` and `~` paths.
    fn get_env(&self, name: &str) -> Option<Vec<u8>>;

    /// `lstat` (`follow = false`) or `stat` (`follow = true`) of `path`; `None` when nothing
    /// is there (for `stat`, a dangling symlink counts as nothing).
    fn stat(&self, path: &Path, follow: bool) -> Result<Option<FileStat>, Error> {
        let _ = follow;
        Err(not_provided("stat", path))
    }

    /// The target of the symlink at `path`, as bytes.
    fn read_link(&self, path: &Path) -> Result<Vec<u8>, Error> {
        Err(not_provided("read_link", path))
    }

    /// Opens a file for reading in pieces, for hashing files larger than memory.
    fn open_file(&self, path: &Path) -> Result<Box<dyn Read>, Error> {
        Ok(Box::new(std::io::Cursor::new(self.read_file(path)?)))
    }

    /// How positions and messages name the file at `path`.
    fn display_name(&self, path: &Path) -> String {
        path.display().to_string()
    }
}

fn not_provided(what: &str, path: &Path) -> Error {
    Error::new(ErrorKind::Unsupported(format!(
        "this evaluator's file access does not provide '{what}' (needed for '{}')",
        path.display()
    )))
}

/// Reads the real filesystem and environment, like `nix-instantiate` (impure evaluation).
#[derive(Clone, Copy, Debug, Default)]
pub struct StdIO;

fn io_error(path: &Path, e: std::io::Error) -> Error {
    let p = path.display();
    let msg = match e.kind() {
        std::io::ErrorKind::NotFound => format!("path '{p}' does not exist"),
        std::io::ErrorKind::PermissionDenied => {
            format!("opening file '{p}': Permission denied")
        }
        _ => format!("reading '{p}': {e}"),
    };
    Error::new(ErrorKind::Io(msg))
}

fn std_file_type(t: std::fs::FileType) -> FileType {
    if t.is_symlink() {
        FileType::Symlink
    } else if t.is_dir() {
        FileType::Directory
    } else if t.is_file() {
        FileType::Regular
    } else {
        FileType::Unknown
    }
}

impl EvalIO for StdIO {
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, Error> {
        std::fs::read(path).map_err(|e| io_error(path, e))
    }

    fn path_exists(&self, path: &Path) -> Result<bool, Error> {
        match std::fs::metadata(path) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            // A path through a non-directory component does not exist either.
            Err(e) if is_absent(&e) => Ok(false),
            Err(e) => Err(io_error(path, e)),
        }
    }

    fn file_type(&self, path: &Path) -> Result<FileType, Error> {
        std::fs::symlink_metadata(path)
            .map(|m| std_file_type(m.file_type()))
            .map_err(|e| io_error(path, e))
    }

    fn read_dir(&self, path: &Path) -> Result<Vec<(Vec<u8>, FileType)>, Error> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(path).map_err(|e| io_error(path, e))? {
            let entry = entry.map_err(|e| io_error(path, e))?;
            let t = entry
                .file_type()
                .map(std_file_type)
                .unwrap_or(FileType::Unknown);
            out.push((entry.file_name().as_encoded_bytes().to_vec(), t));
        }
        Ok(out)
    }

    fn get_env(&self, name: &str) -> Option<Vec<u8>> {
        std::env::var_os(name).map(|v| v.as_encoded_bytes().to_vec())
    }

    fn stat(&self, path: &Path, follow: bool) -> Result<Option<FileStat>, Error> {
        use std::os::unix::fs::PermissionsExt;
        let meta = if follow {
            std::fs::metadata(path)
        } else {
            std::fs::symlink_metadata(path)
        };
        match meta {
            Ok(m) => Ok(Some(FileStat {
                file_type: std_file_type(m.file_type()),
                executable: m.is_file() && m.permissions().mode() & 0o100 != 0,
                size: if m.is_file() { m.len() } else { 0 },
            })),
            Err(e) if is_absent(&e) => Ok(None),
            Err(e) => Err(io_error(path, e)),
        }
    }

    fn read_link(&self, path: &Path) -> Result<Vec<u8>, Error> {
        std::fs::read_link(path)
            .map(|t| t.into_os_string().into_encoded_bytes())
            .map_err(|e| io_error(path, e))
    }

    fn open_file(&self, path: &Path) -> Result<Box<dyn Read>, Error> {
        std::fs::File::open(path)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| io_error(path, e))
    }
}

/// Not found, or a non-directory where a directory was needed (`ENOTDIR`).
fn is_absent(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(20)
}

/// Refuses all filesystem and environment access: the safe default for embedding.
#[derive(Clone, Copy, Debug, Default)]
pub struct PureIO;

fn forbidden(path: &Path) -> Error {
    Error::new(ErrorKind::Restricted(format!(
        "access to absolute path '{}' is forbidden in pure evaluation mode (use '--impure' to override)",
        path.display()
    )))
}

impl EvalIO for PureIO {
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, Error> {
        Err(forbidden(path))
    }
    fn path_exists(&self, path: &Path) -> Result<bool, Error> {
        Err(forbidden(path))
    }
    fn file_type(&self, path: &Path) -> Result<FileType, Error> {
        Err(forbidden(path))
    }
    fn read_dir(&self, path: &Path) -> Result<Vec<(Vec<u8>, FileType)>, Error> {
        Err(forbidden(path))
    }
    fn get_env(&self, _name: &str) -> Option<Vec<u8>> {
        None
    }
    fn stat(&self, path: &Path, _follow: bool) -> Result<Option<FileStat>, Error> {
        Err(forbidden(path))
    }
    fn read_link(&self, path: &Path) -> Result<Vec<u8>, Error> {
        Err(forbidden(path))
    }
    fn open_file(&self, path: &Path) -> Result<Box<dyn Read>, Error> {
        Err(forbidden(path))
    }
}

/// Restricted evaluation (Nix's `restrict-eval`): the files at, above and below the
/// allowed paths (the search path's entries) through the `EvalIO` it wraps, nothing else,
/// and no environment.
pub struct RestrictedIO {
    inner: Box<dyn EvalIO>,
    allowed: Vec<PathBuf>,
}

impl RestrictedIO {
    /// `allowed` must be absolute and canonical.
    pub fn new(inner: Box<dyn EvalIO>, allowed: Vec<PathBuf>) -> RestrictedIO {
        RestrictedIO { inner, allowed }
    }

    /// Nix's rule: a path is allowed when it is an allowed path, or lies below or above
    /// one (so that the directories leading to an allowed path can be walked).
    fn check(&self, path: &Path) -> Result<(), Error> {
        if self
            .allowed
            .iter()
            .any(|a| path.starts_with(a) || a.starts_with(path))
        {
            return Ok(());
        }
        Err(Error::new(ErrorKind::Restricted(format!(
            "access to absolute path '{}' is forbidden in restricted mode",
            path.display()
        ))))
    }
}

impl EvalIO for RestrictedIO {
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, Error> {
        self.check(path)?;
        self.inner.read_file(path)
    }
    fn path_exists(&self, path: &Path) -> Result<bool, Error> {
        self.check(path)?;
        self.inner.path_exists(path)
    }
    fn file_type(&self, path: &Path) -> Result<FileType, Error> {
        self.check(path)?;
        self.inner.file_type(path)
    }
    fn read_dir(&self, path: &Path) -> Result<Vec<(Vec<u8>, FileType)>, Error> {
        self.check(path)?;
        self.inner.read_dir(path)
    }
    fn get_env(&self, _name: &str) -> Option<Vec<u8>> {
        None
    }
    fn stat(&self, path: &Path, follow: bool) -> Result<Option<FileStat>, Error> {
        self.check(path)?;
        self.inner.stat(path, follow)
    }
    fn read_link(&self, path: &Path) -> Result<Vec<u8>, Error> {
        self.check(path)?;
        self.inner.read_link(path)
    }
    fn open_file(&self, path: &Path) -> Result<Box<dyn Read>, Error> {
        self.check(path)?;
        self.inner.open_file(path)
    }
}

/// One entry of the search path (`-I`, `NIX_PATH`): `prefix=path` or a bare `path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchPathEntry {
    pub prefix: String,
    pub path: String,
}

impl SearchPathEntry {
    /// Parses `prefix=path` or `path`.
    pub fn parse(s: &str) -> SearchPathEntry {
        match s.split_once('=') {
            Some((prefix, path)) => SearchPathEntry {
                prefix: prefix.to_string(),
                path: path.to_string(),
            },
            None => SearchPathEntry {
                prefix: String::new(),
                path: s.to_string(),
            },
        }
    }
}

/// Settings that change what builtins do.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Pure evaluation: no environment, no `currentTime`, restricted paths.
    pub pure_eval: bool,
    /// Restricted evaluation: no environment, files only from the search path (through a
    /// [`RestrictedIO`]), URLs only from `allowed_uris`.
    pub restrict_eval: bool,
    /// The URL prefixes fetchers may use in restricted evaluation.
    pub allowed_uris: Vec<String>,
    pub store_dir: String,
    pub system: String,
    /// The search path, `-I` entries first, then `NIX_PATH`.
    pub nix_path: Vec<SearchPathEntry>,
    /// Seconds since the epoch, fixed for the whole evaluation.
    pub current_time: i64,
    /// Experimental features that change the language (`pipe-operators`, …).
    pub experimental_features: Vec<String>,
    /// Print `traceVerbose` messages.
    pub trace_verbose: bool,
    /// Turn warnings into errors.
    pub abort_on_warn: bool,
    /// The home directory for `~/…` paths.
    pub home: Option<PathBuf>,
    /// What the parser does about discouraged syntax (`lint-*` settings).
    pub lints: crate::lint::Lints,
    /// Whether evaluation may build derivations to read their outputs (import from
    /// derivation), given a store that builds.
    pub allow_import_from_derivation: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            pure_eval: true,
            restrict_eval: false,
            allowed_uris: Vec::new(),
            store_dir: "/nix/store".to_string(),
            system: default_system(),
            nix_path: Vec::new(),
            current_time: 0,
            experimental_features: Vec::new(),
            trace_verbose: false,
            abort_on_warn: false,
            home: None,
            lints: crate::lint::Lints::default(),
            allow_import_from_derivation: true,
        }
    }
}

impl Settings {
    pub fn has_feature(&self, name: &str) -> bool {
        self.experimental_features.iter().any(|f| f == name)
    }

    /// Whether the experimental feature is on.
    pub fn has(&self, feature: crate::feature::Feature) -> bool {
        self.has_feature(feature.name())
    }
}

/// The Nix system double of the machine, e.g. `x86_64-linux`.
pub fn default_system() -> String {
    let arch = match std::env::consts::ARCH {
        "x86" => "i686",
        a => a,
    };
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        o => o,
    };
    format!("{arch}-{os}")
}

/// A resolved source position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourcePos {
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in bytes.
    pub column: usize,
}

/// The evaluator's services available to builtins.
pub trait Host {
    fn io(&self) -> &dyn EvalIO;
    /// The store, with the file access to read what goes into it.
    fn store_and_io(&mut self) -> (&mut dyn EvalStore, &dyn EvalIO);
    /// The store (see [`EvalStore`]).
    fn store(&mut self) -> &mut dyn EvalStore {
        self.store_and_io().0
    }
    fn settings(&self) -> &Settings;
    /// Reports a `builtins.trace` message.
    fn trace(&mut self, message: &str);
    /// Reports a warning (`builtins.warn`).
    fn warn(&mut self, message: &str) -> Result<(), Error>;
    /// Reports a warning of Nix's own about how the evaluated code uses it (`warning: …`,
    /// where `builtins.warn` says `evaluation warning: …`).
    fn nix_warning(&mut self, message: &str);
    /// Reports a warning of Nix's own laid out as an error is: its message, its position
    /// and its context lines (`warning:` on a line of its own, then `… while …`).
    fn nix_warning_at(&mut self, warning: Error);
    /// Looks up a position recorded in a value.
    fn resolve_pos(&self, pos: Pos) -> Option<SourcePos>;
    /// A zero-width span at `pos`, so that an error trace can point at an attribute the
    /// way Nix's traces do.
    fn span_at(&self, pos: Pos) -> Option<Span>;
    /// Where the builtin now running was called (none: from no place in the source). A
    /// lazy application it makes ([`Thunk::new_apply`](crate::Thunk::new_apply)) carries it,
    /// so that an error in that application, forced from no place, is located at the call.
    fn call_site(&self) -> Option<Span> {
        None
    }
    /// State that builtins keep for the lifetime of the evaluator.
    fn extensions(&mut self) -> &mut Extensions;
    /// The store path `path` is copied to (`"${./file}"`), which records the copy.
    fn copy_path_to_store(&mut self, path: &Path) -> Result<String, Error>;
    /// The text of the file at `path`, if it lies in a store object this evaluation made
    /// and reads from elsewhere: a `toFile` kept in memory, a file of a local path's copy.
    fn text_in_store(&mut self, path: &Path) -> Option<std::rc::Rc<[u8]>>;
}

/// Per-evaluator state of builtins, one value per type (a cache, a table of the derivations
/// instantiated so far, …), created on first use.
#[derive(Default)]
pub struct Extensions(FxHashMap<TypeId, Box<dyn Any>>);

impl Extensions {
    /// The value of type `T`, created with `T::default()` if there is none yet.
    pub fn get_or_default<T: Any + Default>(&mut self) -> &mut T {
        self.0
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()))
            .downcast_mut::<T>()
            .expect("entries are keyed by their own type")
    }

    /// The value of type `T`, if one was created.
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.0.get(&TypeId::of::<T>())?.downcast_ref::<T>()
    }
}
