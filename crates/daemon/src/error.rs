//! What can go wrong talking to the daemon.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::types::ProtocolVersion;

#[derive(Debug)]
pub enum DaemonError {
    /// Nothing answers at the socket.
    Connect { socket: PathBuf, error: io::Error },
    /// Reading or writing the connection failed (the daemon went away).
    Io(io::Error),
    /// The daemon said something this client does not understand.
    Protocol(String),
    /// The daemon's version of the protocol is older than this client speaks.
    TooOld(ProtocolVersion),
    /// The daemon refused or failed the operation, with its message.
    Remote(String),
}

impl DaemonError {
    /// Whether the connection can no longer be used.
    pub fn breaks_connection(&self) -> bool {
        !matches!(self, DaemonError::Remote(_))
    }
}

impl fmt::Display for DaemonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DaemonError::Connect { socket, error } => write!(
                f,
                "cannot connect to the Nix daemon at '{}': {}",
                socket.display(),
                io_message(error)
            ),
            DaemonError::Io(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::UnexpectedEof
                        | io::ErrorKind::BrokenPipe
                        | io::ErrorKind::ConnectionReset
                ) =>
            {
                f.write_str("Nix daemon disconnected unexpectedly (maybe it crashed?)")
            }
            DaemonError::Io(e) => write!(f, "talking to the Nix daemon: {}", io_message(e)),
            DaemonError::Protocol(m) => write!(f, "Nix daemon protocol error: {m}"),
            DaemonError::TooOld(v) => write!(
                f,
                "the Nix daemon speaks protocol {v}, which is too old (at least {} is needed)",
                crate::client::MIN_VERSION
            ),
            DaemonError::Remote(m) => f.write_str(m),
        }
    }
}

/// An I/O error's text without Rust's "(os error N)".
fn io_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl std::error::Error for DaemonError {}

impl From<io::Error> for DaemonError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::InvalidData {
            DaemonError::Protocol(e.to_string())
        } else {
            DaemonError::Io(e)
        }
    }
}
