//! A connection to the daemon: the handshake, the settings, and the operations (see the
//! crate's documentation for what goes over the wire).

use std::io::{BufReader, BufWriter, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use crate::error::DaemonError;
use crate::log::process_stderr;
use crate::types::{BuildMode, ContentMethod, DerivedPath, PathInfo, ProtocolVersion};
use crate::wire::{
    FramedWriter, read_bool, read_string, read_strings, read_u64, write_bool, write_bytes,
    write_strings, write_u64,
};

const WORKER_MAGIC_1: u64 = 0x6e69_7863;
const WORKER_MAGIC_2: u64 = 0x6478_696f;

/// The version this client asks for (current Nix's).
pub const CLIENT_VERSION: ProtocolVersion = ProtocolVersion::new(1, 38);
/// The oldest daemon this client talks to (Nix 2.0).
pub const MIN_VERSION: ProtocolVersion = ProtocolVersion::new(1, 21);

/// The operations, by their number on the wire.
#[derive(Clone, Copy, Debug)]
enum Op {
    IsValidPath = 1,
    AddToStore = 7,
    AddTextToStore = 8,
    BuildPaths = 9,
    EnsurePath = 10,
    AddTempRoot = 11,
    AddIndirectRoot = 12,
    SetOptions = 19,
    QueryPathInfo = 26,
}

/// The socket of the daemon: `$NIX_DAEMON_SOCKET_PATH`, else `daemon-socket/socket` in
/// Nix's state directory (`$NIX_STATE_DIR`, by default `/nix/var/nix`).
pub fn default_socket_path() -> PathBuf {
    if let Some(p) = std::env::var_os("NIX_DAEMON_SOCKET_PATH") {
        return PathBuf::from(p);
    }
    let state =
        std::env::var_os("NIX_STATE_DIR").map_or_else(|| "/nix/var/nix".into(), PathBuf::from);
    state.join("daemon-socket/socket")
}

/// What `SetOptions` tells the daemon. The defaults are Nix's.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    pub keep_failed: bool,
    pub keep_going: bool,
    pub try_fallback: bool,
    /// Nix's verbosity level (0 error … 3 info … 7 vomit): the daemon sends log lines up
    /// to it.
    pub verbosity: u64,
    pub max_build_jobs: u64,
    pub max_silent_time: u64,
    pub verbose_build: bool,
    /// 0 for all cores.
    pub build_cores: u64,
    pub use_substitutes: bool,
    /// Further settings, by name (`--option NAME VALUE`); the daemon applies the ones a
    /// client may set.
    pub overrides: Vec<(String, String)>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            keep_failed: false,
            keep_going: false,
            try_fallback: false,
            verbosity: 3,
            max_build_jobs: 1,
            max_silent_time: 0,
            verbose_build: true,
            build_cores: 0,
            use_substitutes: true,
            overrides: Vec::new(),
        }
    }
}

/// Where the daemon's log lines go.
pub type LogSink = Box<dyn FnMut(&str)>;

/// An open connection to a daemon, past the handshake. Operations take `&mut self`: the
/// protocol answers one request at a time.
pub struct Connection {
    reader: BufReader<UnixStream>,
    writer: BufWriter<UnixStream>,
    version: ProtocolVersion,
    daemon_nix_version: Option<String>,
    trusted: Option<bool>,
    log: LogSink,
    /// Set when the stream is out of step with the daemon (an I/O or protocol error):
    /// every later operation fails.
    broken: bool,
}

impl Connection {
    /// Connects to the daemon at `socket` and shakes hands.
    pub fn connect(socket: &Path, options: &ClientOptions) -> Result<Connection, DaemonError> {
        let stream = UnixStream::connect(socket).map_err(|error| DaemonError::Connect {
            socket: socket.to_path_buf(),
            error,
        })?;
        Connection::handshake(stream, options)
    }

    /// Shakes hands over `stream` and sends the settings.
    pub fn handshake(
        stream: UnixStream,
        options: &ClientOptions,
    ) -> Result<Connection, DaemonError> {
        let reader = BufReader::new(stream.try_clone()?);
        let writer = BufWriter::new(stream);
        let mut c = Connection {
            reader,
            writer,
            version: CLIENT_VERSION,
            daemon_nix_version: None,
            trusted: None,
            log: Box::new(|line| {
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }),
            broken: false,
        };
        write_u64(&mut c.writer, WORKER_MAGIC_1)?;
        write_u64(&mut c.writer, CLIENT_VERSION.to_wire())?;
        c.writer.flush()?;
        let magic = read_u64(&mut c.reader)?;
        if magic != WORKER_MAGIC_2 {
            return Err(DaemonError::Protocol(format!(
                "the daemon greeted with {magic:#x}, not the Nix daemon's greeting"
            )));
        }
        let daemon = ProtocolVersion::from_wire(read_u64(&mut c.reader)?);
        if daemon.major != CLIENT_VERSION.major {
            return Err(DaemonError::Protocol(format!(
                "the daemon speaks protocol {daemon}, whose major version is not supported"
            )));
        }
        if daemon < MIN_VERSION {
            return Err(DaemonError::TooOld(daemon));
        }
        c.version = daemon.min(CLIENT_VERSION);
        if c.version >= ProtocolVersion::new(1, 38) {
            // This client asks for no optional features.
            write_strings::<&str>(&mut c.writer, &[])?;
            c.writer.flush()?;
            let _daemon_features = read_strings(&mut c.reader)?;
        }
        if c.version >= ProtocolVersion::new(1, 14) {
            write_u64(&mut c.writer, 0)?; // obsolete CPU affinity
        }
        if c.version >= ProtocolVersion::new(1, 11) {
            write_bool(&mut c.writer, false)?; // obsolete reserve-space
        }
        c.writer.flush()?;
        if c.version >= ProtocolVersion::new(1, 33) {
            c.daemon_nix_version = Some(read_string(&mut c.reader)?);
        }
        if c.version >= ProtocolVersion::new(1, 35) {
            c.trusted = match read_u64(&mut c.reader)? {
                0 => None,
                1 => Some(true),
                2 => Some(false),
                n => {
                    return Err(DaemonError::Protocol(format!("invalid trust flag {n}")));
                }
            };
        }
        c.finish_op()?;
        c.set_options(options)?;
        Ok(c)
    }

    /// The protocol version both ends use.
    pub fn version(&self) -> ProtocolVersion {
        self.version
    }

    /// The daemon's Nix version, from protocol 1.33 on.
    pub fn daemon_nix_version(&self) -> Option<&str> {
        self.daemon_nix_version.as_deref()
    }

    /// Whether the daemon trusts this client, when it says (protocol 1.35 on).
    pub fn trusted(&self) -> Option<bool> {
        self.trusted
    }

    /// Where the daemon's log lines go (default: standard error).
    pub fn set_log(&mut self, log: impl FnMut(&str) + 'static) {
        self.log = Box::new(log);
    }

    /// Whether an earlier failure left the connection unusable.
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// Runs `f`, remembering a failure that leaves the stream out of step.
    fn guard<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, DaemonError>,
    ) -> Result<T, DaemonError> {
        if self.broken {
            return Err(DaemonError::Protocol(
                "the connection to the daemon failed earlier".into(),
            ));
        }
        let r = f(self);
        if let Err(e) = &r
            && e.breaks_connection()
        {
            self.broken = true;
        }
        r
    }

    /// Sends an operation and its arguments.
    fn start_op(
        &mut self,
        op: Op,
        args: impl FnOnce(&mut BufWriter<UnixStream>) -> std::io::Result<()>,
    ) -> Result<(), DaemonError> {
        write_u64(&mut self.writer, op as u64)?;
        args(&mut self.writer)?;
        self.writer.flush()?;
        Ok(())
    }

    /// Reads the daemon's messages up to the result.
    fn finish_op(&mut self) -> Result<(), DaemonError> {
        process_stderr(&mut self.reader, self.version, &mut *self.log)
    }

    fn set_options(&mut self, o: &ClientOptions) -> Result<(), DaemonError> {
        self.guard(|c| {
            c.start_op(Op::SetOptions, |w| {
                write_bool(w, o.keep_failed)?;
                write_bool(w, o.keep_going)?;
                write_bool(w, o.try_fallback)?;
                write_u64(w, o.verbosity)?;
                write_u64(w, o.max_build_jobs)?;
                write_u64(w, o.max_silent_time)?;
                write_bool(w, true)?; // obsolete use-build-hook
                // Nix's `lvlError` to show build logs, `lvlVomit` to hide them.
                write_u64(w, if o.verbose_build { 0 } else { 7 })?;
                write_u64(w, 0)?; // obsolete log type
                write_u64(w, 0)?; // obsolete print-build-trace
                write_u64(w, o.build_cores)?;
                write_bool(w, o.use_substitutes)?;
                write_u64(w, o.overrides.len() as u64)?;
                for (name, value) in &o.overrides {
                    write_bytes(w, name.as_bytes())?;
                    write_bytes(w, value.as_bytes())?;
                }
                Ok(())
            })?;
            c.finish_op()
        })
    }

    /// Whether `path` is a valid store path in the daemon's store.
    pub fn is_valid_path(&mut self, path: &str) -> Result<bool, DaemonError> {
        self.guard(|c| {
            c.start_op(Op::IsValidPath, |w| write_bytes(w, path.as_bytes()))?;
            c.finish_op()?;
            Ok(read_bool(&mut c.reader)?)
        })
    }

    /// What the daemon knows of `path`; `None` if it is not valid.
    pub fn query_path_info(&mut self, path: &str) -> Result<Option<PathInfo>, DaemonError> {
        self.guard(|c| {
            c.start_op(Op::QueryPathInfo, |w| write_bytes(w, path.as_bytes()))?;
            if let Err(e) = c.finish_op() {
                // Daemons before 1.17 report an invalid path as an error.
                return match e {
                    DaemonError::Remote(m)
                        if c.version < ProtocolVersion::new(1, 17)
                            && m.contains("is not valid") =>
                    {
                        Ok(None)
                    }
                    e => Err(e),
                };
            }
            if c.version >= ProtocolVersion::new(1, 17) && !read_bool(&mut c.reader)? {
                return Ok(None);
            }
            c.read_path_info().map(Some)
        })
    }

    /// Path info without its path.
    fn read_path_info(&mut self) -> Result<PathInfo, DaemonError> {
        let r = &mut self.reader;
        let deriver = read_string(r)?;
        let nar_hash = read_string(r)?;
        let references = read_strings(r)?;
        let registration_time = read_u64(r)?;
        let nar_size = read_u64(r)?;
        let mut info = PathInfo {
            deriver: (!deriver.is_empty()).then_some(deriver),
            nar_hash,
            references,
            registration_time,
            nar_size,
            ..PathInfo::default()
        };
        if self.version >= ProtocolVersion::new(1, 16) {
            info.ultimate = read_bool(r)?;
            info.signatures = read_strings(r)?;
            let ca = read_string(r)?;
            info.content_address = (!ca.is_empty()).then_some(ca);
        }
        Ok(info)
    }

    /// Adds a text file (a `.drv`, a `toFile`) that refers to `references`; returns its
    /// store path.
    pub fn add_text_to_store(
        &mut self,
        name: &str,
        text: &[u8],
        references: &[String],
    ) -> Result<String, DaemonError> {
        self.guard(|c| {
            c.start_op(Op::AddTextToStore, |w| {
                write_bytes(w, name.as_bytes())?;
                write_bytes(w, text)?;
                write_strings(w, &sorted(references))
            })?;
            c.finish_op()?;
            Ok(read_string(&mut c.reader)?)
        })
    }

    /// Adds the contents `dump` writes: a NAR for [`ContentMethod::Nar`], the file itself
    /// otherwise. Returns the new store path. An error of `dump` is returned as it is, and
    /// closes the connection (so that the daemon adds nothing).
    ///
    /// The daemon's log lines are read only after the contents are sent: a daemon that
    /// logged more than the socket holds while receiving them would wait for this client,
    /// which waits for it (Nix's daemon logs nothing there).
    pub fn add_to_store<E: From<DaemonError>>(
        &mut self,
        name: &str,
        method: ContentMethod,
        references: &[String],
        dump: &mut dyn FnMut(&mut dyn Write) -> Result<(), E>,
    ) -> Result<String, E> {
        if self.version < ProtocolVersion::new(1, 25) {
            return self.add_to_store_legacy(name, method, references, dump);
        }
        self.guard(|c| {
            c.start_op(Op::AddToStore, |w| {
                write_bytes(w, name.as_bytes())?;
                write_bytes(w, method.wire_name().as_bytes())?;
                write_strings(w, &sorted(references))?;
                write_bool(w, false) // repair
            })
        })?;
        let mut framed = FramedWriter::new(&mut self.writer);
        if let Err(e) = dump(&mut framed) {
            self.abandon();
            return Err(e);
        }
        if let Err(e) = framed.finish() {
            self.broken = true;
            return Err(DaemonError::from(e).into());
        }
        Ok(self.guard(|c| {
            c.finish_op()?;
            let path = read_string(&mut c.reader)?;
            c.read_path_info()?;
            Ok(path)
        })?)
    }

    /// Closes the connection in the middle of an operation, so that the daemon sees its
    /// input end too soon and adds nothing (the contents it has are incomplete).
    fn abandon(&mut self) {
        self.broken = true;
        let _ = self.writer.get_ref().shutdown(std::net::Shutdown::Both);
    }

    /// `AddToStore` before protocol 1.25: the contents go as a NAR, unframed; a failure
    /// while writing them leaves the stream unusable.
    fn add_to_store_legacy<E: From<DaemonError>>(
        &mut self,
        name: &str,
        method: ContentMethod,
        references: &[String],
        dump: &mut dyn FnMut(&mut dyn Write) -> Result<(), E>,
    ) -> Result<String, E> {
        match method {
            ContentMethod::Text => {
                let mut text = Vec::new();
                dump(&mut text)?;
                return Ok(self.add_text_to_store(name, &text, references)?);
            }
            _ if !references.is_empty() => {
                return Err(DaemonError::Protocol(format!(
                    "the daemon's protocol {} cannot add a path with references",
                    self.version
                ))
                .into());
            }
            ContentMethod::Flat | ContentMethod::Nar => {}
        }
        self.guard(|c| {
            c.start_op(Op::AddToStore, |w| {
                write_bytes(w, name.as_bytes())?;
                write_bool(w, true)?; // "fixed": the method below is meant
                write_bool(w, method == ContentMethod::Nar)?;
                write_bytes(w, b"sha256")
            })
        })?;
        // The old protocol always takes a NAR: a flat file goes as a NAR of that file.
        let dumped = if method == ContentMethod::Flat {
            let mut contents = Vec::new();
            dump(&mut contents).and_then(|()| {
                write_nar_of_file(&mut self.writer, &contents)
                    .map_err(|e| E::from(DaemonError::from(e)))
            })
        } else {
            dump(&mut self.writer)
        };
        if let Err(e) = dumped {
            self.abandon();
            return Err(e);
        }
        Ok(self.guard(|c| {
            c.writer.flush()?;
            c.finish_op()?;
            Ok(read_string(&mut c.reader)?)
        })?)
    }

    /// Makes `path` valid, substituting it if it is not (Nix's `ensurePath`).
    pub fn ensure_path(&mut self, path: &str) -> Result<(), DaemonError> {
        self.simple_op(Op::EnsurePath, path)
    }

    /// Protects `path` from the garbage collector while this connection is open.
    pub fn add_temp_root(&mut self, path: &str) -> Result<(), DaemonError> {
        self.simple_op(Op::AddTempRoot, path)
    }

    /// Registers `link`, a symlink into the store, as a garbage collector root: the path
    /// it points to stays as long as the link does.
    pub fn add_indirect_root(&mut self, link: &Path) -> Result<(), DaemonError> {
        self.simple_op(Op::AddIndirectRoot, &link.to_string_lossy())
    }

    /// Builds (or substitutes) the given paths.
    pub fn build_paths(
        &mut self,
        paths: &[DerivedPath],
        mode: BuildMode,
    ) -> Result<(), DaemonError> {
        self.guard(|c| {
            let wire: Vec<String> = paths.iter().map(DerivedPath::to_wire).collect();
            let with_mode = c.version >= ProtocolVersion::new(1, 15);
            c.start_op(Op::BuildPaths, |w| {
                write_strings(w, &wire)?;
                if with_mode {
                    write_u64(w, mode as u64)?;
                }
                Ok(())
            })?;
            c.finish_op()?;
            read_u64(&mut c.reader)?;
            Ok(())
        })
    }

    /// An operation taking one string and answering 1.
    fn simple_op(&mut self, op: Op, arg: &str) -> Result<(), DaemonError> {
        self.guard(|c| {
            c.start_op(op, |w| write_bytes(w, arg.as_bytes()))?;
            c.finish_op()?;
            read_u64(&mut c.reader)?;
            Ok(())
        })
    }
}

/// Store path sets go sorted, as the daemon's own sets are.
fn sorted(paths: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = paths.iter().map(String::as_str).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The NAR of a regular, non-executable file with these contents.
fn write_nar_of_file(w: &mut impl Write, contents: &[u8]) -> std::io::Result<()> {
    for s in [
        &b"nix-archive-1"[..],
        b"(",
        b"type",
        b"regular",
        b"contents",
    ] {
        write_bytes(w, s)?;
    }
    write_bytes(w, contents)?;
    write_bytes(w, b")")
}

#[cfg(test)]
mod tests;
