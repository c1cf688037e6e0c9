//! The store objects evaluation makes, and the store they go to.
//!
//! nixvm computes store paths exactly as Nix does. Whether it writes the objects too is up
//! to the evaluator's store ([`EvalStore`](nixvm_value::EvalStore)): a store that writes
//! (the Nix daemon) gets each object as it is made; the default one writes nothing.
//! Either way, what was made is remembered, per evaluator, in [`StoreObjects`]: for a file
//! made by `toFile`, its contents; for a local path copied by `"${./dir}"`, `builtins.path`
//! or `filterSource`, where it came from; for every object, its references. Reading such a
//! store path (`readFile`, `import`, …) then reads those contents, as it would in Nix
//! after the copy, whether or not the copy was written. Other store paths are read from
//! the filesystem as they are.

pub mod builtins;
pub mod copy;
pub mod nar;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use nixvm_value::{BuildTarget, ContextElem, Error, ErrorKind, Host, NixContext};
use rustc_hash::FxHashMap;

use nixvm_hash::nix32;

pub use copy::copy_path_to_store;

/// What a store object nixvm made consists of.
#[derive(Clone, Debug)]
pub enum Contents {
    /// A single file, in memory.
    Text(Rc<[u8]>),
    /// A copy of a local path, which is read in its place.
    Local(PathBuf),
    /// A `.drv` file not written to a store. Its text is not kept (a big evaluation makes
    /// many), so reading it is refused as Nix refuses it when evaluating without writing to
    /// the store.
    Derivation,
    /// A file written to the store, read there.
    Written,
}

/// One store object nixvm made.
#[derive(Clone, Debug)]
pub struct StoreObject {
    pub contents: Contents,
    /// The store paths it refers to, by their number in [`StoreObjects`].
    references: Box<[u32]>,
}

/// The store objects of one evaluator, by store path. Store paths are numbered once, so
/// that the references of many objects cost little.
#[derive(Default)]
pub struct StoreObjects {
    ids: FxHashMap<Rc<str>, u32>,
    paths: Vec<Rc<str>>,
    objects: FxHashMap<u32, StoreObject>,
    /// Local paths already copied by interpolation, as Nix's `srcToStore` cache.
    copied: FxHashMap<PathBuf, String>,
}

impl StoreObjects {
    fn id(&mut self, path: &str) -> u32 {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let id = self.paths.len() as u32;
        let path: Rc<str> = path.into();
        self.paths.push(path.clone());
        self.ids.insert(path, id);
        id
    }

    pub fn add(&mut self, path: &str, contents: Contents, references: &[String]) {
        let references = references.iter().map(|r| self.id(r)).collect();
        let id = self.id(path);
        self.objects.insert(
            id,
            StoreObject {
                contents,
                references,
            },
        );
    }

    pub fn get(&self, path: &str) -> Option<&StoreObject> {
        self.objects.get(self.ids.get(path)?)
    }

    /// The references of an object nixvm made, if it made it.
    pub fn references(&self, path: &str) -> Option<Vec<String>> {
        let object = self.get(path)?;
        Some(
            object
                .references
                .iter()
                .map(|&r| self.paths[r as usize].to_string())
                .collect(),
        )
    }

    /// The store path a local path was copied to by interpolation, if it was.
    pub fn copied(&self, source: &Path) -> Option<&String> {
        self.copied.get(source)
    }

    pub fn remember_copy(&mut self, source: PathBuf, store_path: String) {
        self.copied.insert(source, store_path);
    }
}

/// The store object `path` lies in, if nixvm made it, and the rest of the path below it.
pub fn lookup(h: &mut dyn Host, path: &Path) -> Option<(Contents, PathBuf)> {
    let text = path.to_str()?;
    let store_dir = h.settings().store_dir.clone();
    let (object, rest) = split_store_path(&store_dir, text)?;
    let found = h.extensions().get::<StoreObjects>()?.get(object)?;
    Some((found.contents.clone(), PathBuf::from(rest)))
}

/// A path inside a copy of a local path that this evaluation made.
pub struct LocalCopy {
    /// The store object.
    pub object: PathBuf,
    /// The local path it is a copy of.
    pub root: PathBuf,
    /// The rest of the path, below the object.
    pub rest: PathBuf,
}

impl LocalCopy {
    /// Where the path's contents are read from.
    pub fn local(&self) -> PathBuf {
        if self.rest.as_os_str().is_empty() {
            self.root.clone()
        } else {
            self.root.join(&self.rest)
        }
    }

    /// The store path of a local path below the copied one (`local` itself if it is not
    /// below it, as a symlink may lead out).
    pub fn in_store(&self, local: PathBuf) -> PathBuf {
        match local.strip_prefix(&self.root) {
            Ok(below) if below.as_os_str().is_empty() => self.object.clone(),
            Ok(below) => self.object.join(below),
            Err(_) => local,
        }
    }
}

/// The copy of a local path that `path` lies in, if this evaluation made one.
pub fn local_copy(h: &mut dyn Host, path: &Path) -> Option<LocalCopy> {
    let text = path.to_str()?;
    let store_dir = h.settings().store_dir.clone();
    let (object, rest) = split_store_path(&store_dir, text)?;
    match &h.extensions().get::<StoreObjects>()?.get(object)?.contents {
        Contents::Local(root) => Some(LocalCopy {
            object: PathBuf::from(object),
            root: root.clone(),
            rest: PathBuf::from(rest),
        }),
        _ => None,
    }
}

/// The contents of a file in a store object this evaluation made, when they are not read
/// from the store itself: the text of a `toFile`, or a file of a local path's copy.
pub fn file_in_store(h: &mut dyn Host, path: &Path) -> Option<Rc<[u8]>> {
    if let Some(copy) = local_copy(h, path) {
        return h.io().read_file(&copy.local()).ok().map(Rc::from);
    }
    match lookup(h, path)? {
        (Contents::Text(text), rest) if rest.as_os_str().is_empty() => Some(text),
        _ => None,
    }
}

/// Splits `/nix/store/HASH-NAME/rest` into the store path and `rest`; `None` if `path` is
/// not below the store directory.
pub fn split_store_path<'a>(store_dir: &str, path: &'a str) -> Option<(&'a str, &'a str)> {
    let below = path.strip_prefix(store_dir)?.strip_prefix('/')?;
    if below.is_empty() {
        return None;
    }
    let end = below
        .find('/')
        .map_or(path.len(), |i| store_dir.len() + 1 + i);
    Some((&path[..end], path[end..].trim_start_matches('/')))
}

/// Nix's `checkName`: whether `name` may be the name part of a store path.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("name must not be empty".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Err(format!(
            "name '{name}' must be no longer than {MAX_NAME_LEN} characters"
        ));
    }
    let b = name.as_bytes();
    if b[0] == b'.' {
        let first = match (b.get(1), b.get(2)) {
            (None, _) => return Err(format!("name '{name}' is not valid")),
            (Some(b'-'), _) => Some("."),
            (Some(b'.'), None) => return Err(format!("name '{name}' is not valid")),
            (Some(b'.'), Some(b'-')) => Some(".."),
            _ => None,
        };
        if let Some(c) = first {
            return Err(format!(
                "name '{name}' is not valid: first dash-separated component must not be '{c}'"
            ));
        }
    }
    // Nix checks bytes: of a non-ASCII character it reports the first byte, which is not
    // text on its own (shown as U+FFFD here, as the bytes Nix prints read back as text).
    if let Some(&c) = b
        .iter()
        .find(|&&c| !(c.is_ascii_alphanumeric() || b"+-._?=".contains(&c)))
    {
        let shown = if c.is_ascii() { c as char } else { '\u{FFFD}' };
        return Err(format!(
            "name '{name}' contains illegal character '{shown}'"
        ));
    }
    Ok(())
}

/// Nix's limit on the length of a store path name.
pub const MAX_NAME_LEN: usize = 211;

/// The error for a computed store path whose name is not valid.
pub fn invalid_store_path(store_path: &str, store_dir: &str, name: &str) -> Option<Error> {
    let reason = check_name(name).err()?;
    let base = store_path
        .strip_prefix(store_dir)
        .map_or(store_path, |b| b.trim_start_matches('/'));
    Some(Error::eval(format!(
        "path '{base}' is not a valid store path: {reason}"
    )))
}

/// Checks a store path's base name (`HASH-NAME`) as Nix's `StorePath` does.
pub fn check_store_path_base(base: &str) -> Result<(), Error> {
    const HASH_LEN: usize = 32;
    let bytes = base.as_bytes();
    if bytes.len() < HASH_LEN + 1 {
        return Err(Error::eval(format!(
            "'{base}' is too short to be a valid store path"
        )));
    }
    if let Some(&c) = bytes[..HASH_LEN]
        .iter()
        .find(|c| !nix32::ALPHABET.contains(c))
    {
        let shown = if c.is_ascii() { c as char } else { '\u{FFFD}' };
        return Err(Error::eval(format!(
            "store path '{base}' contains illegal base-32 character '{shown}'"
        )));
    }
    let name = String::from_utf8_lossy(&bytes[HASH_LEN + 1..]);
    if let Err(reason) = check_name(&name) {
        return Err(Error::eval(format!(
            "path '{base}' is not a valid store path: {reason}"
        )));
    }
    Ok(())
}

/// Nix's `realiseContext`: builds the derivation outputs a context refers to, so that
/// they can be read (import from derivation). That needs a store that writes (and so
/// builds) and the `allow-import-from-derivation` setting.
pub fn realise_context(h: &mut dyn Host, context: &NixContext) -> Result<(), Error> {
    let targets: Vec<BuildTarget> = context
        .iter()
        .filter_map(|elem| match elem {
            ContextElem::Built { drv, output } => Some(BuildTarget {
                drv: drv.to_string(),
                output: output.to_string(),
            }),
            _ => None,
        })
        .collect();
    let Some(first) = targets.first() else {
        return Ok(());
    };
    // Without a store that writes, the derivation was not written: Nix's check of its
    // validity fails first.
    if !h.store().writes() {
        return Err(Error::new(ErrorKind::Store(format!(
            "path '{}' is not valid",
            first.drv
        ))));
    }
    let shown = format!("{}^{}", first.drv, first.output);
    if !h.settings().allow_import_from_derivation {
        return Err(Error::eval(format!(
            "cannot build '{shown}' during evaluation because the option \
             'allow-import-from-derivation' is disabled"
        )));
    }
    h.store().build(&targets)
}

/// Writes a text object (`toFile`, a `.drv`) whose path is `path` to the store, if the
/// store writes.
pub fn write_text(
    h: &mut dyn Host,
    path: &str,
    name: &str,
    text: &[u8],
    references: &[String],
) -> Result<(), Error> {
    let store = h.store();
    if !store.writes() {
        return Ok(());
    }
    let written = store.add_text(name, text, references)?;
    check_written(path, &written)
}

/// The store must put an object where nixvm computed it would go.
pub fn check_written(computed: &str, written: &str) -> Result<(), Error> {
    if computed == written {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::Store(format!(
            "the store added '{written}' where '{computed}' was expected"
        ))))
    }
}

/// Records a store object in the host's table.
pub fn remember(h: &mut dyn Host, path: &str, contents: Contents, references: &[String]) {
    h.extensions()
        .get_or_default::<StoreObjects>()
        .add(path, contents, references);
}

/// The references of a store object nixvm made, if it made it.
pub fn references_of(h: &mut dyn Host, path: &str) -> Option<Vec<String>> {
    h.extensions().get::<StoreObjects>()?.references(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_nix_rules() {
        assert!(check_name("hello-1.0").is_ok());
        assert!(check_name(".hidden").is_ok());
        assert!(check_name("..x").is_ok());
        assert_eq!(check_name("").unwrap_err(), "name must not be empty");
        assert_eq!(check_name(".").unwrap_err(), "name '.' is not valid");
        assert_eq!(check_name("..").unwrap_err(), "name '..' is not valid");
        assert!(check_name(".-x").unwrap_err().contains("must not be '.'"));
        assert!(check_name("..-x").unwrap_err().contains("must not be '..'"));
        assert_eq!(
            check_name("~x").unwrap_err(),
            "name '~x' contains illegal character '~'"
        );
        assert!(check_name(&"a".repeat(211)).is_ok());
        assert!(check_name(&"a".repeat(212)).is_err());
    }

    #[test]
    fn references_are_numbered_once() {
        let mut s = StoreObjects::default();
        let refs = vec!["/nix/store/a".to_string(), "/nix/store/b".to_string()];
        s.add("/nix/store/x", Contents::Derivation, &refs);
        s.add("/nix/store/y", Contents::Derivation, &refs[..1]);
        assert_eq!(s.references("/nix/store/x"), Some(refs.clone()));
        assert_eq!(s.references("/nix/store/y"), Some(refs[..1].to_vec()));
        assert_eq!(s.references("/nix/store/a"), None);
        assert_eq!(s.paths.len(), 4);
    }

    #[test]
    fn store_path_bases_are_checked_by_bytes() {
        assert!(check_store_path_base("lfngsssysp6h1v4ccqg23c52s9sjl779-x").is_ok());
        assert!(check_store_path_base("short").is_err());
        // A multi-byte character inside the hash part must not split a character.
        let e = check_store_path_base("ééééééééééééééééé-x").unwrap_err();
        assert!(e.to_string().contains("illegal base-32 character"));
    }

    #[test]
    fn store_paths_split_into_object_and_rest() {
        let s = "/nix/store";
        assert_eq!(
            split_store_path(s, "/nix/store/abc-x/a/b"),
            Some(("/nix/store/abc-x", "a/b"))
        );
        assert_eq!(
            split_store_path(s, "/nix/store/abc-x"),
            Some(("/nix/store/abc-x", ""))
        );
        assert_eq!(split_store_path(s, "/nix/store"), None);
        assert_eq!(split_store_path(s, "/nix/storex/a"), None);
    }
}
