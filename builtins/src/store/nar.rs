//! The NAR hash of a filesystem tree read through [`EvalIO`], so that a sandboxed or pure
//! evaluator is asked (and may refuse) like for any other file access.
//!
//! The serialisation is the one described in `nixvm_hash`; here the tree comes from the
//! `EvalIO` and entries can be left out by a predicate (`filterSource`, `builtins.path`'s
//! `filter`). Directories are walked with an explicit stack.

use std::ffi::OsStr;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nixvm_value::{Error, ErrorKind, EvalIO, FileType};

use nixvm_hash::{Hash, HashAlgo, Hasher};

fn write_str(h: &mut Hasher, s: &[u8]) {
    h.update(&(s.len() as u64).to_le_bytes());
    h.update(s);
    pad(h, s.len() as u64);
}

fn pad(h: &mut Hasher, len: u64) {
    let rem = (len % 8) as usize;
    if rem != 0 {
        h.update(&[0u8; 8][..8 - rem]);
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
    write_str(&mut h, b"nix-archive-1");
    let mut stack = Vec::new();
    if let Some(frame) = write_node(io, path, &mut h)? {
        stack.push(frame);
    }
    while let Some(top) = stack.last_mut() {
        let Some(name) = top.names.get(top.next).cloned() else {
            stack.pop();
            write_str(&mut h, b")");
            if !stack.is_empty() {
                write_str(&mut h, b")");
            }
            continue;
        };
        top.next += 1;
        let child = top.path.join(OsStr::from_bytes(&name));
        if !keep(&child) {
            continue;
        }
        for s in [&b"entry"[..], b"(", b"name", &name, b"node"] {
            write_str(&mut h, s);
        }
        match write_node(io, &child, &mut h)? {
            Some(frame) => stack.push(frame),
            None => write_str(&mut h, b")"),
        }
    }
    Ok(h.finish())
}

/// Writes one node; for a directory only its header, returning the frame to walk it.
fn write_node(io: &dyn EvalIO, path: &Path, h: &mut Hasher) -> Result<Option<Frame>, Error> {
    let Some(st) = io.stat(path, false)? else {
        return Err(Error::new(ErrorKind::Io(format!(
            "path '{}' does not exist",
            path.display()
        ))));
    };
    match st.file_type {
        FileType::Regular => {
            for s in [&b"("[..], b"type", b"regular"] {
                write_str(h, s);
            }
            if st.executable {
                write_str(h, b"executable");
                write_str(h, b"");
            }
            write_str(h, b"contents");
            h.update(&st.size.to_le_bytes());
            let before = h.bytes_hashed();
            stream_into(io, path, h)?;
            if h.bytes_hashed() - before != st.size {
                return Err(Error::new(ErrorKind::Io(format!(
                    "file '{}' changed while it was being read",
                    path.display()
                ))));
            }
            pad(h, st.size);
            write_str(h, b")");
            Ok(None)
        }
        FileType::Symlink => {
            let target = io.read_link(path)?;
            for s in [&b"("[..], b"type", b"symlink", b"target", &target, b")"] {
                write_str(h, s);
            }
            Ok(None)
        }
        FileType::Directory => {
            for s in [&b"("[..], b"type", b"directory"] {
                write_str(h, s);
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

/// Feeds a file's contents to `h`, in pieces.
fn stream_into(io: &dyn EvalIO, path: &Path, h: &mut Hasher) -> Result<(), Error> {
    let mut reader = io.open_file(path)?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => h.update(&buf[..n]),
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
