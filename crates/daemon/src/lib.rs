//! A synchronous client for the Nix daemon's *worker protocol*: the few operations an
//! evaluator needs to put what it makes into a real Nix store and to build for
//! import-from-derivation.
//!
//! It speaks the protocol versions of the daemons people run, from 1.21 (Nix 2.0) through
//! 1.34 (Nix 2.8) to 1.38 (current Nix), negotiating the lower of the two ends' versions.
//!
//! # The protocol
//!
//! The daemon listens on a Unix socket (`/nix/var/nix/daemon-socket/socket`, or
//! `$NIX_DAEMON_SOCKET_PATH`). Everything on the wire is built from two primitives:
//!
//! * a **number**: a 64-bit little-endian unsigned integer (booleans are 0 or 1, small
//!   enumerations are numbers too);
//! * a **string**: its length as a number, its bytes, then zero bytes up to a multiple of 8.
//!
//! A list is its length followed by its elements; a set of store paths is a sorted list of
//! strings; an absent store path is the empty string.
//!
//! ## Handshake
//!
//! ```text
//! client: 0x6e697863 ("cxin"), client version          version = major << 8 | minor
//! daemon: 0x6478696f ("oixd"), daemon version
//!         both ends use the lower of the two versions from here on
//! ≥1.38   client: its protocol features (a list of strings)   daemon: its features
//! ≥1.14   client: 0 (obsolete CPU affinity)
//! ≥1.11   client: 0 (obsolete reserve-space)
//! ≥1.33   daemon: its Nix version (a string)
//! ≥1.35   daemon: whether it trusts the client (0 unknown, 1 yes, 2 no)
//!         daemon: log messages, then STDERR_LAST (see below)
//! ```
//!
//! Then the client sends `SetOptions` (op 19): keep-failed, keep-going, try-fallback,
//! verbosity, max-jobs, max-silent-time, 1 (obsolete use-build-hook), the verbosity of build
//! logs, 0, 0 (obsolete), build-cores, use-substitutes, and a list of (name, value) setting
//! overrides; the daemon answers with log messages and STDERR_LAST.
//!
//! ## Operations
//!
//! Each operation is its number and its arguments. The daemon answers with any number of
//! log messages, then either `STDERR_LAST` followed by the operation's result, or
//! `STDERR_ERROR` followed by an error, which ends the operation (the connection stays
//! usable). Log messages are a number naming their kind, then its fields:
//!
//! | kind | value | fields |
//! |------|-------|--------|
//! | `STDERR_NEXT` | `0x6f6c6d67` | a log line |
//! | `STDERR_START_ACTIVITY` | `0x53545254` | id, level, type, text, fields, parent id |
//! | `STDERR_STOP_ACTIVITY` | `0x53544f50` | id |
//! | `STDERR_RESULT` | `0x52534c54` | id, type, fields |
//! | `STDERR_READ` / `STDERR_WRITE` | `0x64617461` / `0x64617416` | data asked for / sent (not used here) |
//! | `STDERR_LAST` | `0x616c7473` | — |
//! | `STDERR_ERROR` | `0x63787470` | ≥1.26: `"Error"`, level, `"Error"`, message, 0, traces (each 0 and a text); before: message, exit status |
//!
//! A list of activity *fields* is its length, then for each field its type (0: a number,
//! 1: a string) and its value.
//!
//! The operations this crate implements:
//!
//! | op | number | arguments | result |
//! |----|--------|-----------|--------|
//! | `IsValidPath` | 1 | path | bool |
//! | `AddToStore` (≥1.25) | 7 | name, method (`text:sha256`, `fixed:r:sha256`, `fixed:sha256`), references, repair, then the contents in *frames* | path info with its path |
//! | `AddToStore` (<1.25) | 7 | name, 1, recursive, `"sha256"`, then the contents as a NAR | path |
//! | `AddTextToStore` | 8 | name, text, references | path |
//! | `BuildPaths` | 9 | derived paths (`path`, or `drv!out1,out2`), build mode (≥1.15) | 1 |
//! | `EnsurePath` | 10 | path (made valid by substitution if it is not) | 1 |
//! | `AddTempRoot` | 11 | path | 1 |
//! | `AddIndirectRoot` | 12 | absolute path of a symlink into the store | 1 |
//! | `QueryPathInfo` | 26 | path | ≥1.17: whether it is valid, then if so the path info |
//!
//! *Path info* (without its path): deriver (or ""), NAR hash (hexadecimal SHA-256),
//! references, registration time, NAR size, and from 1.16 on: ultimate, signatures, content
//! address (or "").
//!
//! *Frames* carry data of a length not known in advance: each frame is a number `n > 0`
//! followed by `n` bytes (no padding); a frame of length 0 ends the data.
//!
//! `AddToStore` takes the contents of a file for a flat (`fixed:sha256`) or text method, and
//! a NAR (Nix ARchive) serialisation for the recursive one.

#![forbid(unsafe_code)]

mod client;
mod error;
mod log;
pub mod test_daemon;
mod types;
pub mod wire;

pub use client::{ClientOptions, Connection, default_socket_path};
pub use error::DaemonError;
pub use test_daemon::TestDaemon;
pub use types::{BuildMode, ContentMethod, DerivedPath, PathInfo, ProtocolVersion};
