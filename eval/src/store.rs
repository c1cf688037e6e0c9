//! A real Nix store, reached through its daemon: the [`EvalStore`] that writes what
//! evaluation makes (`.drv` files, `toFile` texts, copied sources) and builds for import
//! from derivation. The protocol is in the `nixvm-daemon` crate.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use nixvm_daemon::{
    BuildMode, ClientOptions, Connection, ContentMethod, DaemonError, DerivedPath,
    default_socket_path,
};
use nixvm_value::{BuildTarget, Error, ErrorKind, EvalStore, FileIngestion, store::Dump};

/// Where the daemon's log lines go.
type LogSink = Box<dyn FnMut(&str)>;

/// The store of a Nix daemon.
///
/// ```no_run
/// # fn main() -> Result<(), nixvm::RawError> {
/// let store = nixvm::DaemonStore::connect_default()?;
/// let mut ev = nixvm::Evaluator::builder().store(store).build();
/// // The text is now in the store, at the path printed.
/// let v = ev.eval_expr(r#"builtins.toFile "greeting" "hello""#).unwrap();
/// println!("{}", ev.print(&v, false).unwrap());
/// # Ok(())
/// # }
/// ```
pub struct DaemonStore {
    socket: PathBuf,
    options: ClientOptions,
    /// `None` until the first operation when made with [`DaemonStore::lazy`], and after a
    /// failure broke the connection.
    conn: Option<Connection>,
    /// Where the store's log lines go; shared with every connection made.
    log: std::rc::Rc<std::cell::RefCell<LogSink>>,
}

fn store_error(e: DaemonError) -> Error {
    Error::new(ErrorKind::Store(e.to_string()))
}

/// The socket of the daemon a store URI names (`--store`, `NIX_REMOTE`): `daemon`, `auto`
/// or nothing for the default one, `unix://PATH` for another. nixvm reaches a store only
/// through a daemon.
pub fn daemon_socket(uri: Option<&str>) -> Result<PathBuf, String> {
    match uri.map(str::trim) {
        None | Some("" | "auto" | "daemon") => Ok(default_socket_path()),
        Some(u) if u.starts_with("unix://") => {
            let path = &u["unix://".len()..];
            let path = path.split('?').next().unwrap_or(path);
            Ok(PathBuf::from(path))
        }
        Some(u) => Err(format!(
            "nixvm reaches the Nix store only through its daemon; store '{u}' is not supported \
             (use 'daemon' or 'unix://PATH')"
        )),
    }
}

impl DaemonStore {
    /// Connects to the daemon listening at `socket`.
    pub fn connect(socket: &Path) -> Result<DaemonStore, Error> {
        let mut store = DaemonStore::lazy(socket);
        store.conn()?;
        Ok(store)
    }

    /// A store of the daemon listening at `socket`, connected to only when evaluation first
    /// writes or asks something: `nix-instantiate --eval --read-write-mode` needs no
    /// daemon for an evaluation that copies nothing. A daemon that cannot be reached then is
    /// that operation's error.
    pub fn lazy(socket: &Path) -> DaemonStore {
        DaemonStore {
            socket: socket.to_path_buf(),
            options: ClientOptions::default(),
            conn: None,
            log: std::rc::Rc::new(std::cell::RefCell::new(Box::new(|l: &str| {
                let _ = writeln!(std::io::stderr().lock(), "{l}");
            }))),
        }
    }

    /// Connects to the daemon a store URI names (see [`daemon_socket`]).
    pub fn connect_uri(uri: Option<&str>) -> Result<DaemonStore, Error> {
        DaemonStore::connect(&socket_of(uri)?)
    }

    /// The store of the daemon a store URI names, connected to at its first use (see
    /// [`DaemonStore::lazy`]).
    pub fn lazy_uri(uri: Option<&str>) -> Result<DaemonStore, Error> {
        Ok(DaemonStore::lazy(&socket_of(uri)?))
    }

    /// Connects to the daemon `NIX_REMOTE` names, or the default one
    /// (`NIX_DAEMON_SOCKET_PATH`, else `/nix/var/nix/daemon-socket/socket`).
    pub fn connect_default() -> Result<DaemonStore, Error> {
        DaemonStore::connect_uri(std::env::var("NIX_REMOTE").ok().as_deref())
    }

    /// Where the daemon's messages (`building '…'...`, its warnings) go; standard error by
    /// default.
    pub fn set_log(&mut self, log: impl FnMut(&str) + 'static) {
        *self.log.borrow_mut() = Box::new(log);
    }

    /// The connection, opened again if a failure broke it.
    fn conn(&mut self) -> Result<&mut Connection, Error> {
        if self.conn.as_ref().is_some_and(Connection::is_broken) {
            self.conn = None;
        }
        match &mut self.conn {
            Some(conn) => Ok(conn),
            slot => {
                let conn = open(&self.socket, &self.options, &self.log).map_err(store_error)?;
                Ok(slot.insert(conn))
            }
        }
    }
}

fn socket_of(uri: Option<&str>) -> Result<PathBuf, Error> {
    daemon_socket(uri).map_err(|m| Error::new(ErrorKind::Store(m)))
}

fn open(
    socket: &Path,
    options: &ClientOptions,
    log: &std::rc::Rc<std::cell::RefCell<LogSink>>,
) -> Result<Connection, DaemonError> {
    let mut conn = Connection::connect(socket, options)?;
    let log = log.clone();
    conn.set_log(move |line| (log.borrow_mut())(line));
    Ok(conn)
}

/// An error of the dump or of the daemon, kept apart until the end of `add_to_store`.
enum DumpError {
    Eval(Error),
    Daemon(DaemonError),
}

impl From<DaemonError> for DumpError {
    fn from(e: DaemonError) -> Self {
        DumpError::Daemon(e)
    }
}

impl EvalStore for DaemonStore {
    fn writes(&self) -> bool {
        true
    }

    fn add_text(
        &mut self,
        name: &str,
        text: &[u8],
        references: &[String],
    ) -> Result<String, Error> {
        self.conn()?
            .add_text_to_store(name, text, references)
            .map_err(store_error)
    }

    fn add_dump(
        &mut self,
        name: &str,
        method: FileIngestion,
        dump: &mut Dump<'_>,
    ) -> Result<String, Error> {
        let method = match method {
            FileIngestion::Flat => ContentMethod::Flat,
            FileIngestion::Nar => ContentMethod::Nar,
        };
        self.conn()?
            .add_to_store::<DumpError>(name, method, &[], &mut |w| dump(w).map_err(DumpError::Eval))
            .map_err(|e| match e {
                DumpError::Eval(e) => e,
                DumpError::Daemon(e) => store_error(e),
            })
    }

    fn is_valid_path(&mut self, path: &str) -> Result<bool, Error> {
        self.conn()?.is_valid_path(path).map_err(store_error)
    }

    fn ensure_path(&mut self, path: &str) -> Result<(), Error> {
        self.conn()?.ensure_path(path).map_err(store_error)
    }

    fn add_temp_root(&mut self, path: &str) -> Result<(), Error> {
        self.conn()?.add_temp_root(path).map_err(store_error)
    }

    fn build(&mut self, targets: &[BuildTarget]) -> Result<(), Error> {
        let paths: Vec<DerivedPath> = targets
            .iter()
            .map(|t| DerivedPath::Built {
                drv: t.drv.clone(),
                outputs: vec![t.output.clone()],
            })
            .collect();
        self.conn()?
            .build_paths(&paths, BuildMode::Normal)
            .map_err(store_error)
    }

    /// As Nix's `addPermRoot`: the link is made (replacing a link into the store, never
    /// anything else) and registered with the daemon as an indirect root.
    fn add_root(&mut self, path: &str, link: &Path) -> Result<(), Error> {
        let fail = |m: String| Error::new(ErrorKind::Store(m));
        let store_dir = Path::new(path).parent().unwrap_or(Path::new("/"));
        if link.starts_with(store_dir) {
            return Err(fail(format!(
                "creating a garbage collector root ({}) in the Nix store is forbidden \
                 (are you running nix-build inside the store?)",
                link.display()
            )));
        }
        self.add_temp_root(path)?;
        if let Ok(meta) = std::fs::symlink_metadata(link) {
            let into_store = meta.file_type().is_symlink()
                && std::fs::read_link(link).is_ok_and(|t| t.starts_with(store_dir));
            if !into_store {
                return Err(fail(format!(
                    "cannot create symlink '{}'; already exists",
                    link.display()
                )));
            }
        }
        if let Some(parent) = link.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| fail(format!("creating directory '{}': {e}", parent.display())))?;
        }
        let temp = link.with_file_name(format!(
            "{}.tmp-{}",
            link.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let _ = std::fs::remove_file(&temp);
        std::os::unix::fs::symlink(path, &temp)
            .and_then(|()| std::fs::rename(&temp, link))
            .map_err(|e| fail(format!("creating symlink '{}': {e}", link.display())))?;
        self.conn()?.add_indirect_root(link).map_err(store_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_uris_name_a_socket() {
        assert_eq!(
            daemon_socket(Some("unix:///tmp/s?x=1")).unwrap(),
            PathBuf::from("/tmp/s")
        );
        assert_eq!(
            daemon_socket(Some("daemon")).unwrap(),
            default_socket_path()
        );
        assert_eq!(daemon_socket(None).unwrap(), default_socket_path());
        assert!(
            daemon_socket(Some("local"))
                .unwrap_err()
                .contains("only through its daemon")
        );
    }
}
