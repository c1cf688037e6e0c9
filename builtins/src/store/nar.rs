//! The NAR serialisation of a filesystem tree read through [`EvalIO`], so that a sandboxed
//! or pure evaluator is asked (and may refuse) like for any other file access: hashed to
//! name a copied path, or written to the store that keeps it.
//!
//! The serialisation is the one described in `nixvm_hash`; here the tree comes from the
//! `EvalIO` and entries can be left out by a predicate (`filterSource`, `builtins.path`'s
//! `filter`). Directories are walked with an explicit stack.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nixvm_value::{Error, ErrorKind, EvalIO, FileType};

use nixvm_hash::{Hash, HashAlgo, Hasher};

/// Where a NAR goes, with errors of the sink (the store's connection) made evaluation
/// errors.
struct Sink<'a>(&'a mut dyn Write);

impl Sink<'_> {
    fn bytes(&mut self, b: &[u8]) -> Result<(), Error> {
        self.0.write_all(b).map_err(|e| {
            Error::new(ErrorKind::Store(format!(
                "writing to the Nix store failed: {e}"
            )))
        })
    }

    fn str(&mut self, s: &[u8]) -> Result<(), Error> {
        self.bytes(&(s.len() as u64).to_le_bytes())?;
        self.bytes(s)?;
        self.pad(s.len() as u64)
    }

    fn pad(&mut self, len: u64) -> Result<(), Error> {
        let rem = (len % 8) as usize;
        if rem != 0 {
            self.bytes(&[0u8; 8][..8 - rem])?;
        }
        Ok(())
    }
}

fn unsupported_type(path: &Path) -> Error {
    Error::new(ErrorKind::Io(format!(
        "file '{}' has an unsupported type",
        path.display()
    )))
}

/// A directory whose entries are being written.
struct Frame {
    path: PathBuf,
    names: Vec<Vec<u8>>,
    next: usize,
}

/// The NAR hash of the tree at `path` (a final symlink is stored as a symlink), leaving out
/// the entries below the root for which `keep` says no, and everything beneath them.
pub fn nar_hash(
    io: &dyn EvalIO,
    path: &Path,
    algo: HashAlgo,
    keep: &dyn Fn(&Path) -> bool,
) -> Result<Hash, Error> {
    let mut h = Hasher::new(algo);
    dump_nar(io, path, keep, &mut h)?;
    Ok(h.finish())
}

/// Writes the NAR of the tree at `path` to `out`, leaving out what `keep` refuses, as
/// [`nar_hash`] hashes it.
pub fn dump_nar(
    io: &dyn EvalIO,
    path: &Path,
    keep: &dyn Fn(&Path) -> bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let mut out = Sink(out);
    out.str(b"nix-archive-1")?;
    let mut stack = Vec::new();
    if let Some(frame) = write_node(io, path, &mut out)? {
        stack.push(frame);
    }
    while let Some(top) = stack.last_mut() {
        let Some(name) = top.names.get(top.next).cloned() else {
            stack.pop();
            out.str(b")")?;
            if !stack.is_empty() {
                out.str(b")")?;
            }
            continue;
        };
        top.next += 1;
        let child = top.path.join(OsStr::from_bytes(&name));
        if !keep(&child) {
            continue;
        }
        for s in [&b"entry"[..], b"(", b"name", &name, b"node"] {
            out.str(s)?;
        }
        match write_node(io, &child, &mut out)? {
            Some(frame) => stack.push(frame),
            None => out.str(b")")?,
        }
    }
    Ok(())
}

/// Writes one node; for a directory only its header, returning the frame to walk it.
fn write_node(io: &dyn EvalIO, path: &Path, out: &mut Sink<'_>) -> Result<Option<Frame>, Error> {
    let Some(st) = io.stat(path, false)? else {
        return Err(Error::new(ErrorKind::Io(format!(
            "path '{}' does not exist",
            path.display()
        ))));
    };
    match st.file_type {
        FileType::Regular => {
            for s in [&b"("[..], b"type", b"regular"] {
                out.str(s)?;
            }
            if st.executable {
                out.str(b"executable")?;
                out.str(b"")?;
            }
            out.str(b"contents")?;
            out.bytes(&st.size.to_le_bytes())?;
            if stream_into(io, path, &mut *out.0)? != st.size {
                return Err(Error::new(ErrorKind::Io(format!(
                    "file '{}' changed while it was being read",
                    path.display()
                ))));
            }
            out.pad(st.size)?;
            out.str(b")")?;
            Ok(None)
        }
        FileType::Symlink => {
            let target = io.read_link(path)?;
            for s in [&b"("[..], b"type", b"symlink", b"target", &target, b")"] {
                out.str(s)?;
            }
            Ok(None)
        }
        FileType::Directory => {
            for s in [&b"("[..], b"type", b"directory"] {
                out.str(s)?;
            }
            let mut names: Vec<Vec<u8>> = io.read_dir(path)?.into_iter().map(|(n, _)| n).collect();
            names.sort_unstable();
            Ok(Some(Frame {
                path: path.to_path_buf(),
                names,
                next: 0,
            }))
        }
        FileType::Unknown => Err(unsupported_type(path)),
    }
}

/// Copies a file's contents to `out`, in pieces; returns how many bytes it had.
pub fn stream_into(io: &dyn EvalIO, path: &Path, out: &mut dyn Write) -> Result<u64, Error> {
    let mut reader = io.open_file(path)?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0;
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => {
                Sink(out).bytes(&buf[..n])?;
                total += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Error::new(ErrorKind::Io(format!(
                    "reading file '{}': {e}",
                    path.display()
                ))));
            }
        }
    }
}

/// The flat hash of a file's contents, streamed.
pub fn file_hash(io: &dyn EvalIO, path: &Path, algo: HashAlgo) -> Result<Hash, Error> {
    let mut h = Hasher::new(algo);
    stream_into(io, path, &mut h)?;
    Ok(h.finish())
}
