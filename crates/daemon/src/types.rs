//! The values operations take and return.

use std::fmt;

/// A protocol version: `major << 8 | minor` on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ProtocolVersion {
    pub major: u8,
    pub minor: u8,
}

impl ProtocolVersion {
    pub const fn new(major: u8, minor: u8) -> Self {
        ProtocolVersion { major, minor }
    }

    pub fn to_wire(self) -> u64 {
        (u64::from(self.major) << 8) | u64::from(self.minor)
    }

    pub fn from_wire(n: u64) -> Self {
        ProtocolVersion {
            major: ((n >> 8) & 0xff) as u8,
            minor: (n & 0xff) as u8,
        }
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// How the contents given to `AddToStore` are hashed (always with SHA-256 here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentMethod {
    /// A text file that may refer to other store paths (`toFile`, `.drv` files).
    Text,
    /// A single file, hashed as it is (`builtins.path { recursive = false; }`).
    Flat,
    /// A NAR serialisation of a file, a symlink or a directory tree.
    Nar,
}

impl ContentMethod {
    /// The method as `AddToStore` names it from protocol 1.25 on.
    pub fn wire_name(self) -> &'static str {
        match self {
            ContentMethod::Text => "text:sha256",
            ContentMethod::Flat => "fixed:sha256",
            ContentMethod::Nar => "fixed:r:sha256",
        }
    }
}

/// What to build or make valid: a store path, or outputs of a derivation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DerivedPath {
    Opaque(String),
    /// Outputs of the derivation at `drv`; no outputs means all of them.
    Built {
        drv: String,
        outputs: Vec<String>,
    },
}

impl DerivedPath {
    /// `path`, or `drv!out1,out2` (`drv!*` for all outputs).
    pub fn to_wire(&self) -> String {
        match self {
            DerivedPath::Opaque(p) => p.clone(),
            DerivedPath::Built { drv, outputs } if outputs.is_empty() => format!("{drv}!*"),
            DerivedPath::Built { drv, outputs } => format!("{drv}!{}", outputs.join(",")),
        }
    }
}

/// How `BuildPaths` treats outputs that exist already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildMode {
    Normal = 0,
    Repair = 1,
    Check = 2,
}

/// What the daemon knows of a valid store path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathInfo {
    /// The derivation that produced it, if known.
    pub deriver: Option<String>,
    /// The SHA-256 of its NAR serialisation, in hexadecimal.
    pub nar_hash: String,
    pub references: Vec<String>,
    /// Seconds since the epoch.
    pub registration_time: u64,
    pub nar_size: u64,
    /// Built locally (not substituted).
    pub ultimate: bool,
    pub signatures: Vec<String>,
    /// Its content address (`text:sha256:…`, `fixed:r:sha256:…`), if it has one.
    pub content_address: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_order_and_encode() {
        let v = ProtocolVersion::new(1, 34);
        assert_eq!(v.to_wire(), 0x122);
        assert_eq!(
            ProtocolVersion::from_wire(0x126),
            ProtocolVersion::new(1, 38)
        );
        assert!(ProtocolVersion::new(1, 25) < v);
        assert_eq!(v.to_string(), "1.34");
    }

    #[test]
    fn derived_paths_as_the_daemon_reads_them() {
        let drv = "/nix/store/aaaa-x.drv".to_string();
        assert_eq!(DerivedPath::Opaque(drv.clone()).to_wire(), drv);
        let built = DerivedPath::Built {
            drv: drv.clone(),
            outputs: vec!["out".into(), "dev".into()],
        };
        assert_eq!(built.to_wire(), "/nix/store/aaaa-x.drv!out,dev");
        let all = DerivedPath::Built {
            drv,
            outputs: vec![],
        };
        assert_eq!(all.to_wire(), "/nix/store/aaaa-x.drv!*");
    }
}
