//! Nix's built-in files, `<nix/fetchurl.nix>` and whatever else `<nix/…>` names when no
//! search path entry has it. Nix keeps them in a filesystem of their own; nixvm serves them
//! under a reserved root, [`ROOT`], through [`WithCorepkgs`], an [`EvalIO`] that answers for
//! that root and hands every other path to the one it wraps. So `import`, `readFile`,
//! `pathExists` and the rest reach them as they reach any file, in pure mode too, and no
//! `NIX_PATH` or `-I` is needed.

use std::io::Read;
use std::path::{Path, PathBuf};

use nixvm_value::{Error, ErrorKind, EvalIO, FileStat, FileType};

/// Where the built-in files are: Nix 2 served them from the same place.
pub const ROOT: &str = "/__corepkgs__";

/// The files, by name.
const FILES: &[(&str, &[u8])] = &[("fetchurl.nix", include_bytes!("corepkgs/fetchurl.nix"))];

/// The path `<nix/rest>` stands for when no search path entry has it (it need not exist,
/// as in Nix: importing it then fails).
pub fn path_of(rest: &str) -> PathBuf {
    // Made canonical on its own first, so that `..` cannot climb out of the root.
    let inside = nixvm_value::path::canon_path(rest.as_bytes());
    match inside.strip_prefix("/") {
        Ok(rel) if !rel.as_os_str().is_empty() => Path::new(ROOT).join(rel),
        _ => PathBuf::from(ROOT),
    }
}

/// How positions and messages name a built-in file: `<nix/fetchurl.nix>`, as Nix shows it.
pub fn display_name(path: &Path) -> Option<String> {
    let rest = path.strip_prefix(ROOT).ok()?;
    Some(format!("<nix/{}>", rest.display()))
}

/// What a path under [`ROOT`] is.
enum Entry {
    Root,
    File(&'static [u8]),
    Missing,
}

/// `None` for a path outside [`ROOT`].
fn entry(path: &Path) -> Option<Entry> {
    let rest = path.strip_prefix(ROOT).ok()?;
    if rest.as_os_str().is_empty() {
        return Some(Entry::Root);
    }
    Some(
        FILES
            .iter()
            .find(|(name, _)| Path::new(name) == rest)
            .map_or(Entry::Missing, |(_, bytes)| Entry::File(bytes)),
    )
}

fn missing(path: &Path) -> Error {
    Error::new(ErrorKind::Io(format!(
        "path '{}' does not exist",
        display_name(path).unwrap_or_else(|| path.display().to_string())
    )))
}

fn not_a_file(path: &Path) -> Error {
    Error::new(ErrorKind::Io(format!(
        "file '{}' is not a regular file",
        display_name(path).unwrap_or_default()
    )))
}

/// An [`EvalIO`] that serves the built-in files under [`ROOT`] and passes everything else
/// on to the one it wraps.
pub struct WithCorepkgs(pub Box<dyn EvalIO>);

impl EvalIO for WithCorepkgs {
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, Error> {
        match entry(path) {
            None => self.0.read_file(path),
            Some(Entry::File(bytes)) => Ok(bytes.to_vec()),
            Some(Entry::Root) => Err(not_a_file(path)),
            Some(Entry::Missing) => Err(missing(path)),
        }
    }

    fn path_exists(&self, path: &Path) -> Result<bool, Error> {
        match entry(path) {
            None => self.0.path_exists(path),
            Some(e) => Ok(!matches!(e, Entry::Missing)),
        }
    }

    fn file_type(&self, path: &Path) -> Result<FileType, Error> {
        match entry(path) {
            None => self.0.file_type(path),
            Some(Entry::Root) => Ok(FileType::Directory),
            Some(Entry::File(_)) => Ok(FileType::Regular),
            Some(Entry::Missing) => Err(missing(path)),
        }
    }

    fn read_dir(&self, path: &Path) -> Result<Vec<(Vec<u8>, FileType)>, Error> {
        match entry(path) {
            None => self.0.read_dir(path),
            Some(Entry::Root) => Ok(FILES
                .iter()
                .map(|(name, _)| (name.as_bytes().to_vec(), FileType::Regular))
                .collect()),
            Some(Entry::File(_)) => Err(Error::new(ErrorKind::Io(format!(
                "reading directory '{}': Not a directory",
                display_name(path).unwrap_or_default()
            )))),
            Some(Entry::Missing) => Err(missing(path)),
        }
    }

    fn get_env(&self, name: &str) -> Option<Vec<u8>> {
        self.0.get_env(name)
    }

    fn stat(&self, path: &Path, follow: bool) -> Result<Option<FileStat>, Error> {
        match entry(path) {
            None => self.0.stat(path, follow),
            Some(Entry::Root) => Ok(Some(FileStat {
                file_type: FileType::Directory,
                executable: false,
                size: 0,
            })),
            Some(Entry::File(bytes)) => Ok(Some(FileStat {
                file_type: FileType::Regular,
                executable: false,
                size: bytes.len() as u64,
            })),
            Some(Entry::Missing) => Ok(None),
        }
    }

    fn read_link(&self, path: &Path) -> Result<Vec<u8>, Error> {
        match entry(path) {
            None => self.0.read_link(path),
            Some(_) => Err(Error::new(ErrorKind::Io(format!(
                "file '{}' is not a symlink",
                display_name(path).unwrap_or_default()
            )))),
        }
    }

    fn open_file(&self, path: &Path) -> Result<Box<dyn Read>, Error> {
        match entry(path) {
            None => self.0.open_file(path),
            Some(_) => Ok(Box::new(std::io::Cursor::new(self.read_file(path)?))),
        }
    }

    fn display_name(&self, path: &Path) -> String {
        display_name(path).unwrap_or_else(|| self.0.display_name(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nixvm_value::PureIO;

    #[test]
    fn serves_its_files_even_over_pure_io() {
        let io = WithCorepkgs(Box::new(PureIO));
        let p = path_of("fetchurl.nix");
        assert_eq!(p, Path::new("/__corepkgs__/fetchurl.nix"));
        assert!(
            io.read_file(&p)
                .unwrap()
                .starts_with(b"# <nix/fetchurl.nix>")
        );
        assert_eq!(io.file_type(Path::new(ROOT)).unwrap(), FileType::Directory);
        assert!(!io.path_exists(&path_of("config.nix")).unwrap());
        assert_eq!(io.stat(&path_of("config.nix"), true).unwrap(), None);
        // Everything else is the wrapped one's business.
        assert!(io.read_file(Path::new("/etc/hostname")).is_err());
    }

    #[test]
    fn names_as_nix_shows_them() {
        assert_eq!(
            display_name(&path_of("fetchurl.nix")).as_deref(),
            Some("<nix/fetchurl.nix>")
        );
        assert_eq!(display_name(Path::new("/a/fetchurl.nix")), None);
        // `<nix/../x>` stays inside, and `<nix/>` is the root.
        assert_eq!(path_of("../fetchurl.nix"), path_of("fetchurl.nix"));
        assert_eq!(path_of(""), Path::new(ROOT));
    }
}
