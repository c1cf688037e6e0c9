//! The Nix store as the evaluator sees it: a capability given to it, as [`EvalIO`] is.
//!
//! The evaluator always computes store paths itself, exactly as Nix does. What a store adds
//! is writing: with a store that [writes](EvalStore::writes), what the evaluator makes
//! (`toFile` texts, copies of local paths, `.drv` files) goes into a real Nix store as it
//! is made, and derivations can be built for import from derivation. Without one
//! ([`NoStore`], the default: pure and read-only) nothing is written and nothing is built.
//!
//! [`EvalIO`]: crate::EvalIO

use std::io::Write;
use std::path::Path;

use crate::error::{Error, ErrorKind};

/// How the contents given to [`EvalStore::add_dump`] are hashed and stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileIngestion {
    /// A single regular file, as it is.
    Flat,
    /// The NAR serialisation of a file, symlink or directory tree.
    Nar,
}

/// An output of a derivation to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildTarget {
    /// The `.drv` path.
    pub drv: String,
    pub output: String,
}

/// Writes the contents of a store object into the sink it is given.
pub type Dump<'a> = dyn FnMut(&mut dyn Write) -> Result<(), Error> + 'a;

/// A Nix store the evaluator writes to. Each method returns the store path the store
/// gave, which the evaluator checks against the one it computed.
pub trait EvalStore {
    /// Whether store objects are written (`false`: paths are only computed).
    fn writes(&self) -> bool;

    /// Adds a text file (`toFile`, a `.drv`) referring to `references`.
    fn add_text(&mut self, name: &str, text: &[u8], references: &[String])
    -> Result<String, Error>;

    /// Adds what `dump` writes: a file's contents for [`FileIngestion::Flat`], a NAR for
    /// [`FileIngestion::Nar`].
    fn add_dump(
        &mut self,
        name: &str,
        method: FileIngestion,
        dump: &mut Dump<'_>,
    ) -> Result<String, Error>;

    /// Whether `path` is in the store.
    fn is_valid_path(&mut self, path: &str) -> Result<bool, Error>;

    /// Makes `path` valid (substituting it if the store can), or fails saying it is not
    /// (`builtins.storePath`).
    fn ensure_path(&mut self, path: &str) -> Result<(), Error>;

    /// Keeps `path` from the garbage collector for as long as the evaluator lives.
    fn add_temp_root(&mut self, path: &str) -> Result<(), Error>;

    /// Builds the outputs (import from derivation).
    fn build(&mut self, targets: &[BuildTarget]) -> Result<(), Error>;

    /// Makes `link` a symlink to `path` and registers it as a garbage collector root
    /// (`--add-root`).
    fn add_root(&mut self, path: &str, link: &Path) -> Result<(), Error>;
}

/// No store: paths are computed, nothing is written or built.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoStore;

fn no_store(what: &str) -> Error {
    Error::new(ErrorKind::Store(format!(
        "cannot {what}: this evaluation has no Nix store to write to"
    )))
}

impl EvalStore for NoStore {
    fn writes(&self) -> bool {
        false
    }

    fn add_text(&mut self, name: &str, _: &[u8], _: &[String]) -> Result<String, Error> {
        Err(no_store(&format!("add '{name}' to the store")))
    }

    fn add_dump(
        &mut self,
        name: &str,
        _: FileIngestion,
        _: &mut Dump<'_>,
    ) -> Result<String, Error> {
        Err(no_store(&format!("add '{name}' to the store")))
    }

    fn is_valid_path(&mut self, _: &str) -> Result<bool, Error> {
        Ok(false)
    }

    /// Without a store, nothing is checked: Nix does not check in read-only mode either.
    fn ensure_path(&mut self, _: &str) -> Result<(), Error> {
        Ok(())
    }

    fn add_temp_root(&mut self, _: &str) -> Result<(), Error> {
        Ok(())
    }

    fn build(&mut self, targets: &[BuildTarget]) -> Result<(), Error> {
        let shown = targets
            .first()
            .map_or(String::new(), |t| format!(" '{}^{}'", t.drv, t.output));
        Err(no_store(&format!("build{shown}")))
    }

    fn add_root(&mut self, path: &str, _: &Path) -> Result<(), Error> {
        Err(no_store(&format!("add a root for '{path}'")))
    }
}
