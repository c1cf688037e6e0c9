//! NAR (Nix ARchive) serialisation of filesystem trees, streamed into any
//! `Write` sink — usually a [`Hasher`], to get the NAR hash that names
//! `"${./dir}"` in the store.
//!
//! The format is a sequence of length-prefixed strings: each string is its
//! byte length as a little-endian u64, the bytes, then zero padding to a
//! multiple of 8. The tree is
//! ```text
//! "nix-archive-1" node
//! node      = "(" "type" kind ")"
//! kind      = "regular" ["executable" ""] "contents" <bytes>
//!           | "symlink" "target" <target>
//!           | "directory" ("entry" "(" "name" <name> "node" node ")")*
//! ```
//! Directory entries are sorted by the bytes of their names; a regular
//! file is executable when its owner-execute bit is set. Nothing else
//! (times, other permission bits, ownership) is recorded.
//!
//! Traversal keeps its own stack of open directories so that deep trees
//! cannot overflow the Rust stack.

use std::ffi::OsString;
use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::algo::{Hash, HashAlgo, Hasher, copy_in_pieces};

/// The magic string every NAR starts with.
pub const NAR_MAGIC: &str = "nix-archive-1";

/// Owner-execute permission bit (`S_IXUSR`), the only mode bit NARs keep.
const OWNER_EXEC: u32 = 0o100;

const ZEROS: [u8; 8] = [0; 8];

fn write_len<W: Write + ?Sized>(sink: &mut W, len: u64) -> io::Result<()> {
    sink.write_all(&len.to_le_bytes())
}

fn write_padding<W: Write + ?Sized>(sink: &mut W, len: u64) -> io::Result<()> {
    let rem = (len % 8) as usize;
    if rem != 0 {
        sink.write_all(&ZEROS[..8 - rem])?;
    }
    Ok(())
}

/// Write one length-prefixed, padded NAR string.
fn write_str<W: Write + ?Sized>(sink: &mut W, s: &[u8]) -> io::Result<()> {
    write_len(sink, s.len() as u64)?;
    sink.write_all(s)?;
    write_padding(sink, s.len() as u64)
}

fn write_strs<W: Write + ?Sized>(sink: &mut W, strs: &[&[u8]]) -> io::Result<()> {
    strs.iter().try_for_each(|s| write_str(sink, s))
}

/// Header of a regular-file node, up to and including the content length.
fn write_regular_header<W: Write + ?Sized>(
    sink: &mut W,
    executable: bool,
    len: u64,
) -> io::Result<()> {
    write_strs(sink, &[b"(", b"type", b"regular"])?;
    if executable {
        write_strs(sink, &[b"executable", b""])?;
    }
    write_str(sink, b"contents")?;
    write_len(sink, len)
}

/// Serialise in-memory bytes as a NAR holding a single regular file.
pub fn dump_bytes_as_file<W: Write + ?Sized>(
    contents: &[u8],
    executable: bool,
    sink: &mut W,
) -> io::Result<()> {
    write_str(sink, NAR_MAGIC.as_bytes())?;
    write_regular_header(sink, executable, contents.len() as u64)?;
    sink.write_all(contents)?;
    write_padding(sink, contents.len() as u64)?;
    write_str(sink, b")")
}

/// An open directory on the traversal stack.
struct DirFrame {
    path: PathBuf,
    /// Entry names, sorted by bytes; consumed front to back.
    names: Vec<OsString>,
    next: usize,
}

/// Serialise the tree at `path` (not following a top-level symlink) into
/// `sink`, including every entry.
pub fn dump_path<W: Write + ?Sized>(path: &Path, sink: &mut W) -> io::Result<()> {
    dump_path_filtered(path, sink, |_, _| Ok::<bool, io::Error>(true))
}

/// Serialise the tree at `path`, asking `filter` about every entry below
/// the root (with its full path and `lstat` metadata); entries for which it
/// returns `false` are left out, and so is everything beneath them. This is
/// the shape `builtins.filterSource` / `builtins.path { filter }` need; the
/// error type is generic so the filter can fail with an evaluation error.
pub fn dump_path_filtered<W, F, E>(path: &Path, sink: &mut W, mut filter: F) -> Result<(), E>
where
    W: Write + ?Sized,
    F: FnMut(&Path, &Metadata) -> Result<bool, E>,
    E: From<io::Error>,
{
    write_str(sink, NAR_MAGIC.as_bytes())?;
    let root_meta = fs::symlink_metadata(path)?;
    let mut stack: Vec<DirFrame> = Vec::new();
    if let Some(frame) = dump_node(path, &root_meta, sink)? {
        stack.push(frame);
    }

    while let Some(top) = stack.last_mut() {
        if top.next == top.names.len() {
            // Directory finished: close its node and, unless it is the root,
            // the parent's "entry" wrapper around it.
            stack.pop();
            write_str(sink, b")")?;
            if !stack.is_empty() {
                write_str(sink, b")")?;
            }
            continue;
        }
        let name = std::mem::take(&mut top.names[top.next]);
        top.next += 1;
        let child = top.path.join(&name);
        let meta = fs::symlink_metadata(&child)?;
        if !filter(&child, &meta)? {
            continue;
        }
        write_strs(sink, &[b"entry", b"(", b"name", name.as_bytes(), b"node"])?;
        match dump_node(&child, &meta, sink)? {
            Some(frame) => stack.push(frame),
            None => write_str(sink, b")")?,
        }
    }
    Ok(())
}

/// Write one node. Files and symlinks are written completely; for a
/// directory only the header is written and a frame is returned so the
/// caller can walk its entries.
fn dump_node<W: Write + ?Sized>(
    path: &Path,
    meta: &Metadata,
    sink: &mut W,
) -> io::Result<Option<DirFrame>> {
    let ft = meta.file_type();
    if ft.is_file() {
        let executable = meta.permissions().mode() & OWNER_EXEC != 0;
        dump_file_contents(path, meta.len(), executable, sink)?;
        Ok(None)
    } else if ft.is_symlink() {
        let target = fs::read_link(path)?;
        write_strs(
            sink,
            &[
                b"(",
                b"type",
                b"symlink",
                b"target",
                target.as_os_str().as_bytes(),
                b")",
            ],
        )?;
        Ok(None)
    } else if ft.is_dir() {
        write_strs(sink, &[b"(", b"type", b"directory"])?;
        let mut names = fs::read_dir(path)?
            .map(|entry| entry.map(|e| e.file_name()))
            .collect::<io::Result<Vec<_>>>()?;
        // Nix orders entries by raw name bytes (std::map<std::string>).
        names.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        Ok(Some(DirFrame {
            path: path.to_owned(),
            names,
            next: 0,
        }))
    } else {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("file '{}' has an unsupported type", path.display()),
        ))
    }
}

/// Stream a regular file's node. The length is written before the data, so
/// it comes from `lstat`; a file that changes size meanwhile is an error
/// rather than a silently corrupt archive.
fn dump_file_contents<W: Write + ?Sized>(
    path: &Path,
    len: u64,
    executable: bool,
    sink: &mut W,
) -> io::Result<()> {
    write_regular_header(sink, executable, len)?;
    let copied = copy_in_pieces(&mut File::open(path)?.take(len), sink)?;
    if copied != len {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("file '{}' changed while it was being read", path.display()),
        ));
    }
    write_padding(sink, len)?;
    write_str(sink, b")")
}

/// NAR hash of the tree at `path`.
pub fn nar_hash_path(path: &Path, algo: HashAlgo) -> io::Result<Hash> {
    let mut hasher = Hasher::new(algo);
    dump_path(path, &mut hasher)?;
    Ok(hasher.finish())
}

/// NAR hash and NAR size of the tree at `path`, keeping only the entries
/// `filter` accepts (see [`dump_path_filtered`]).
pub fn nar_hash_path_filtered<F, E>(
    path: &Path,
    algo: HashAlgo,
    filter: F,
) -> Result<(Hash, u64), E>
where
    F: FnMut(&Path, &Metadata) -> Result<bool, E>,
    E: From<io::Error>,
{
    let mut hasher = Hasher::new(algo);
    dump_path_filtered(path, &mut hasher, filter)?;
    let size = hasher.bytes_hashed();
    Ok((hasher.finish(), size))
}

/// NAR hash of a single in-memory regular file.
pub fn nar_hash_bytes_as_file(contents: &[u8], executable: bool, algo: HashAlgo) -> Hash {
    let mut hasher = Hasher::new(algo);
    // Writing into a Hasher cannot fail.
    dump_bytes_as_file(contents, executable, &mut hasher)
        .expect("hashing an in-memory NAR cannot fail");
    hasher.finish()
}
