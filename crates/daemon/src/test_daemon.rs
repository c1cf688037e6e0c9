//! A private `nix-daemon` serving a store in a temporary directory, for tests: nothing it
//! does touches the system's store.
//!
//! Its store directory is not `/nix/store`, so clients must use the same one:
//! [`TestDaemon::client_env`] gives the variables (`NIX_STORE_DIR`,
//! `NIX_DAEMON_SOCKET_PATH`, `NIX_REMOTE=daemon`, …) that point Nix's own tools and nixvm
//! at it.
//!
//! A daemon started here is started with `--store local`: without it, a daemon whose
//! socket variable is set takes its own socket for the store to use and connects to
//! itself, forever.
//!
//! Continuous integration starts one such daemon for all tests and names its directory in
//! `NIXVM_TEST_DAEMON_ROOT`; the directory is laid out as [`TestDaemon::start`] lays it
//! out (`store/`, `state/`, `log/`, `conf/`, `socket`).

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::{ClientOptions, Connection, DaemonError};

/// The variable naming the directory of a daemon already running for the tests.
pub const ROOT_VARIABLE: &str = "NIXVM_TEST_DAEMON_ROOT";

pub struct TestDaemon {
    root: PathBuf,
    /// The daemon, when this process started it (and so ends it).
    child: Option<Child>,
    work: PathBuf,
}

impl TestDaemon {
    /// [`TestDaemon::get`] for a test that checks nothing without a daemon: says why there
    /// is none, and that the test is skipped.
    pub fn or_skip() -> Option<TestDaemon> {
        TestDaemon::get()
            .inspect_err(|why| eprintln!("skipped: no Nix daemon can run here ({why})"))
            .ok()
    }

    /// The daemon of `NIXVM_TEST_DAEMON_ROOT` if that is set, otherwise a new one.
    /// `Err` says why there is none.
    pub fn get() -> Result<TestDaemon, String> {
        match std::env::var_os(ROOT_VARIABLE) {
            Some(root) => {
                let root = PathBuf::from(root);
                if !root.join("socket").exists() {
                    return Err(format!(
                        "{ROOT_VARIABLE} is set, but '{}' has no daemon socket",
                        root.display()
                    ));
                }
                // Tests run in parallel: one of them makes sure the store is made (see
                // `wait_until_ready`) while the others wait.
                static READY: Mutex<bool> = Mutex::new(false);
                let mut ready = READY.lock().unwrap_or_else(|e| e.into_inner());
                if !*ready {
                    wait_until_ready(&root.join("socket"), None)?;
                    *ready = true;
                }
                let work = new_dir(&root.join("work"))?;
                Ok(TestDaemon {
                    root,
                    child: None,
                    work,
                })
            }
            None => TestDaemon::start(),
        }
    }

    /// Starts `nix-daemon` (found on `PATH`) for a store under a new directory in the
    /// system's temporary directory.
    pub fn start() -> Result<TestDaemon, String> {
        let root = new_dir(&std::env::temp_dir().join("nixvm-test-store"))?;
        std::fs::create_dir_all(root.join("conf")).map_err(|e| e.to_string())?;
        let mut cmd = Command::new("nix-daemon");
        cmd.args([
            "--store",
            "local",
            "--option",
            "sandbox",
            "false",
            "--option",
            "build-users-group",
            "",
            "--option",
            "substituters",
            "",
        ]);
        cmd.env_remove("NIX_REMOTE")
            .envs(layout(&root))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = cmd
            .spawn()
            .map_err(|e| format!("cannot run nix-daemon: {e}"))?;
        let work = root.join("work");
        let mut daemon = TestDaemon {
            root,
            child: Some(child),
            work,
        };
        wait_until_ready(&daemon.socket(), daemon.child.as_mut())?;
        std::fs::create_dir_all(&daemon.work).map_err(|e| e.to_string())?;
        Ok(daemon)
    }

    /// The daemon's socket.
    pub fn socket(&self) -> PathBuf {
        self.root.join("socket")
    }

    /// The store directory (where store paths live).
    pub fn store_dir(&self) -> PathBuf {
        self.root.join("store")
    }

    /// A directory of this test's own, removed when the test daemon is dropped.
    pub fn work_dir(&self) -> &Path {
        &self.work
    }

    /// The environment that makes `nix-instantiate`, `nix-store` and nixvm use this
    /// daemon and its store.
    pub fn client_env(&self) -> Vec<(&'static str, PathBuf)> {
        let mut env = layout(&self.root);
        env.push(("NIX_REMOTE", PathBuf::from("daemon")));
        env
    }
}

/// Waits until the daemon at `socket` serves a connection through the handshake (for 20
/// seconds at most), or `child`, the daemon, has exited.
///
/// The socket's file appearing is not enough: the daemon binds the socket (which makes the
/// file) and only then listens on it, and a connection in between is refused. Nor is a
/// connection being accepted: the daemon opens the store for each connection, and the first
/// connections to a new store create its database and directories, which two of them doing
/// at once can fail at ("database is busy", "File exists"), ending one connection. A whole
/// handshake proves the store is made; until one has been, nothing else connects.
fn wait_until_ready(socket: &Path, mut child: Option<&mut Child>) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match Connection::connect(socket, &ClientOptions::default()) {
            Ok(_) => return Ok(()),
            // Not there yet, or there and not listening yet.
            Err(DaemonError::Connect { error, .. })
                if matches!(
                    error.kind(),
                    ErrorKind::NotFound | ErrorKind::ConnectionRefused
                ) => {}
            Err(e) => return Err(e.to_string()),
        }
        if let Some(Ok(Some(status))) = child.as_mut().map(|c| c.try_wait()) {
            return Err(format!("nix-daemon exited at once ({status})"));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "no daemon accepted connections at '{}' within 20 seconds",
                socket.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The variables that place a store, its state and its daemon's socket under `root`.
fn layout(root: &Path) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("NIX_STORE_DIR", root.join("store")),
        ("NIX_STATE_DIR", root.join("state")),
        ("NIX_LOG_DIR", root.join("log")),
        ("NIX_CONF_DIR", root.join("conf")),
        ("NIX_DAEMON_SOCKET_PATH", root.join("socket")),
    ]
}

/// A new directory under `parent`, named for this process and a counter.
fn new_dir(parent: &Path) -> Result<PathBuf, String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = parent.join(format!("{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating '{}': {e}", dir.display()))?;
    Ok(dir)
}

/// Removes a tree whose files and directories may be read-only (a store's are).
fn remove_tree(dir: &Path) {
    let _ = Command::new("chmod").args(["-R", "u+w"]).arg(dir).status();
    let _ = std::fs::remove_dir_all(dir);
}

impl Drop for TestDaemon {
    fn drop(&mut self) {
        match self.child.as_mut() {
            Some(child) => {
                let _ = child.kill();
                let _ = child.wait();
                remove_tree(&self.root);
            }
            None => remove_tree(&self.work),
        }
    }
}
