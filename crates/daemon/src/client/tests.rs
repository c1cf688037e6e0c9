//! The client against a scripted daemon on the other end of a socket pair, at the
//! protocol versions of old, 2.8-era and current daemons: every byte the client sends is
//! checked, and the daemon's answers are written as each version writes them.

use std::io::{BufReader, BufWriter, Write};
use std::os::unix::net::UnixStream;
use std::thread;

use super::*;
use crate::log::{STDERR_ERROR, STDERR_LAST, STDERR_NEXT};
use crate::wire::{read_bytes, read_framed};

/// The daemon's end.
struct Peer {
    r: BufReader<UnixStream>,
    w: BufWriter<UnixStream>,
    version: ProtocolVersion,
}

impl Peer {
    fn u64(&mut self) -> u64 {
        read_u64(&mut self.r).unwrap()
    }
    fn string(&mut self) -> String {
        String::from_utf8(read_bytes(&mut self.r).unwrap()).unwrap()
    }
    fn strings(&mut self) -> Vec<String> {
        read_strings(&mut self.r).unwrap()
    }
    fn send(&mut self, n: u64) {
        write_u64(&mut self.w, n).unwrap();
    }
    fn send_str(&mut self, s: &str) {
        write_bytes(&mut self.w, s.as_bytes()).unwrap();
    }
    fn last(&mut self) {
        self.send(STDERR_LAST);
    }
    fn flush(&mut self) {
        self.w.flush().unwrap();
    }
    fn at_least(&self, minor: u8) -> bool {
        self.version >= ProtocolVersion::new(1, minor)
    }

    /// The daemon's side of the handshake and of `SetOptions`.
    fn accept(&mut self) {
        assert_eq!(self.u64(), WORKER_MAGIC_1);
        self.send(WORKER_MAGIC_2);
        self.send(self.version.to_wire());
        self.flush();
        assert_eq!(self.u64(), CLIENT_VERSION.to_wire());
        if self.at_least(38) {
            // The client asks for no feature; what the daemon offers is then unused.
            assert!(self.strings().is_empty());
            write_strings(&mut self.w, &["realisation-with-path-not-hash"]).unwrap();
            self.flush();
        }
        if self.at_least(14) {
            assert_eq!(self.u64(), 0);
        }
        if self.at_least(11) {
            assert_eq!(self.u64(), 0);
        }
        if self.at_least(33) {
            self.send_str("2.99.0");
        }
        if self.at_least(35) {
            self.send(1);
        }
        self.send(STDERR_NEXT);
        self.send_str("hello from the daemon\n");
        self.last();
        self.flush();
        assert_eq!(self.u64(), Op::SetOptions as u64);
        let fields: Vec<u64> = (0..12).map(|_| self.u64()).collect();
        assert_eq!(fields, [0, 0, 0, 3, 1, 0, 1, 0, 0, 0, 0, 1]);
        assert_eq!(self.u64(), 1);
        assert_eq!((self.string(), self.string()), ("cores".into(), "2".into()));
        self.last();
        self.flush();
    }

    fn path_info(&mut self, refs: &[&str]) {
        self.send_str("");
        self.send_str("0a0b");
        self.send(refs.len() as u64);
        for r in refs {
            self.send_str(r);
        }
        self.send(1700000000);
        self.send(120);
        if self.at_least(16) {
            self.send(1);
            self.send(0);
            self.send_str("");
        }
    }
}

fn with_daemon(
    version: ProtocolVersion,
    serve: impl FnOnce(&mut Peer) + Send + 'static,
) -> Connection {
    let (client, server) = UnixStream::pair().unwrap();
    thread::spawn(move || {
        let mut p = Peer {
            r: BufReader::new(server.try_clone().unwrap()),
            w: BufWriter::new(server),
            version,
        };
        p.accept();
        serve(&mut p);
    });
    let options = ClientOptions {
        overrides: vec![("cores".into(), "2".into())],
        ..ClientOptions::default()
    };
    let mut c = Connection::handshake(client, &options).unwrap();
    c.set_log(|_| {});
    c
}

const VERSIONS: [ProtocolVersion; 4] = [
    ProtocolVersion::new(1, 21),
    ProtocolVersion::new(1, 34),
    ProtocolVersion::new(1, 37),
    ProtocolVersion::new(1, 38),
];

#[test]
fn handshake_settles_on_the_lower_version() {
    for v in VERSIONS {
        let c = with_daemon(v, |_| {});
        assert_eq!(c.version(), v);
        assert_eq!(
            c.daemon_nix_version().is_some(),
            v >= ProtocolVersion::new(1, 33)
        );
        assert_eq!(
            c.trusted(),
            (v >= ProtocolVersion::new(1, 35)).then_some(true)
        );
    }
    let newer = with_daemon(ProtocolVersion::new(1, 40), |_| {});
    assert_eq!(newer.version(), CLIENT_VERSION);
}

#[test]
fn old_and_foreign_daemons_are_refused() {
    let (client, server) = UnixStream::pair().unwrap();
    thread::spawn(move || {
        let mut r = BufReader::new(server.try_clone().unwrap());
        let mut w = BufWriter::new(server);
        read_u64(&mut r).unwrap();
        write_u64(&mut w, WORKER_MAGIC_2).unwrap();
        write_u64(&mut w, ProtocolVersion::new(1, 20).to_wire()).unwrap();
        w.flush().unwrap();
    });
    let e = Connection::handshake(client, &ClientOptions::default())
        .err()
        .unwrap();
    assert!(matches!(e, DaemonError::TooOld(_)), "{e}");

    let (client, server) = UnixStream::pair().unwrap();
    thread::spawn(move || {
        let mut r = BufReader::new(server.try_clone().unwrap());
        let mut w = BufWriter::new(server);
        read_u64(&mut r).unwrap();
        write_u64(&mut w, 0x1234).unwrap();
        w.flush().unwrap();
    });
    let e = Connection::handshake(client, &ClientOptions::default())
        .err()
        .unwrap();
    assert!(matches!(e, DaemonError::Protocol(_)), "{e}");
}

#[test]
fn valid_paths_and_path_info() {
    for v in VERSIONS {
        let mut c = with_daemon(v, |p| {
            assert_eq!(p.u64(), Op::IsValidPath as u64);
            assert_eq!(p.string(), "/nix/store/a");
            p.last();
            p.send(1);
            p.flush();
            assert_eq!(p.u64(), Op::QueryPathInfo as u64);
            assert_eq!(p.string(), "/nix/store/a");
            p.last();
            p.send(1);
            p.path_info(&["/nix/store/b"]);
            p.flush();
            assert_eq!(p.u64(), Op::QueryPathInfo as u64);
            p.string();
            p.last();
            p.send(0);
            p.flush();
        });
        assert!(c.is_valid_path("/nix/store/a").unwrap());
        let info = c.query_path_info("/nix/store/a").unwrap().unwrap();
        assert_eq!(info.references, ["/nix/store/b"]);
        assert_eq!((info.nar_hash.as_str(), info.nar_size), ("0a0b", 120));
        assert!(info.ultimate);
        assert_eq!(c.query_path_info("/nix/store/c").unwrap(), None);
    }
}

#[test]
fn text_goes_with_sorted_references() {
    let mut c = with_daemon(ProtocolVersion::new(1, 34), |p| {
        assert_eq!(p.u64(), Op::AddTextToStore as u64);
        assert_eq!(p.string(), "x.drv");
        assert_eq!(p.string(), "Derive()");
        assert_eq!(p.strings(), ["/nix/store/a", "/nix/store/b"]);
        p.last();
        p.send_str("/nix/store/h-x.drv");
        p.flush();
    });
    let refs = ["/nix/store/b".to_string(), "/nix/store/a".to_string()];
    let path = c.add_text_to_store("x.drv", b"Derive()", &refs).unwrap();
    assert_eq!(path, "/nix/store/h-x.drv");
}

#[test]
fn contents_go_in_frames_from_1_25() {
    for v in [ProtocolVersion::new(1, 34), ProtocolVersion::new(1, 38)] {
        let mut c = with_daemon(v, |p| {
            assert_eq!(p.u64(), Op::AddToStore as u64);
            assert_eq!(p.string(), "src");
            assert_eq!(p.string(), "fixed:r:sha256");
            assert!(p.strings().is_empty());
            assert_eq!(p.u64(), 0);
            let data = read_framed(&mut p.r).unwrap();
            assert_eq!(data.len(), 100_000);
            p.last();
            p.send_str("/nix/store/h-src");
            p.path_info(&[]);
            p.flush();
        });
        let path = c
            .add_to_store::<DaemonError>("src", ContentMethod::Nar, &[], &mut |w| {
                Ok(w.write_all(&[7u8; 100_000])?)
            })
            .unwrap();
        assert_eq!(path, "/nix/store/h-src");
        assert!(!c.is_broken());
    }
}

#[test]
fn old_daemons_take_a_nar() {
    let mut c = with_daemon(ProtocolVersion::new(1, 21), |p| {
        assert_eq!(p.u64(), Op::AddToStore as u64);
        assert_eq!(p.string(), "f");
        assert_eq!((p.u64(), p.u64()), (1, 0));
        assert_eq!(p.string(), "sha256");
        let nar: Vec<String> = (0..7).map(|_| p.string()).collect();
        assert_eq!(
            nar,
            [
                "nix-archive-1",
                "(",
                "type",
                "regular",
                "contents",
                "hello",
                ")"
            ]
        );
        p.last();
        p.send_str("/nix/store/h-f");
        p.flush();
    });
    let path = c
        .add_to_store::<DaemonError>("f", ContentMethod::Flat, &[], &mut |w| {
            Ok(w.write_all(b"hello")?)
        })
        .unwrap();
    assert_eq!(path, "/nix/store/h-f");
}

#[test]
fn a_failed_dump_closes_the_connection() {
    let mut c = with_daemon(ProtocolVersion::new(1, 34), |p| {
        assert_eq!(p.u64(), Op::AddToStore as u64);
        for _ in 0..2 {
            p.string();
        }
        p.strings();
        p.u64();
        // The contents end without their final empty frame.
        assert!(read_framed(&mut p.r).is_err());
    });
    let e = c
        .add_to_store::<String>("f", ContentMethod::Flat, &[], &mut |w| {
            w.write_all(b"part").map_err(|e| e.to_string())?;
            Err("file vanished".to_string())
        })
        .unwrap_err();
    assert_eq!(e, "file vanished");
    assert!(c.is_broken());
    assert!(c.is_valid_path("/nix/store/a").is_err());
}

impl From<DaemonError> for String {
    fn from(e: DaemonError) -> String {
        e.to_string()
    }
}

#[test]
fn daemon_errors_end_the_operation_not_the_connection() {
    let mut c = with_daemon(ProtocolVersion::new(1, 34), |p| {
        assert_eq!(p.u64(), Op::BuildPaths as u64);
        assert_eq!(p.strings(), ["/nix/store/h-x.drv!out"]);
        assert_eq!(p.u64(), BuildMode::Normal as u64);
        p.send(STDERR_ERROR);
        p.send_str("Error");
        p.send(0);
        p.send_str("Error");
        p.send_str("build of '/nix/store/h-x.drv' failed");
        p.send(0);
        p.send(0);
        p.flush();
        assert_eq!(p.u64(), Op::AddTempRoot as u64);
        assert_eq!(p.string(), "/nix/store/h-x.drv");
        p.last();
        p.send(1);
        p.flush();
        assert_eq!(p.u64(), Op::AddIndirectRoot as u64);
        assert_eq!(p.string(), "/tmp/result");
        p.last();
        p.send(1);
        p.flush();
        assert_eq!(p.u64(), Op::EnsurePath as u64);
        assert_eq!(p.string(), "/nix/store/h-x");
        p.last();
        p.send(1);
        p.flush();
    });
    let target = DerivedPath::Built {
        drv: "/nix/store/h-x.drv".into(),
        outputs: vec!["out".into()],
    };
    let e = c.build_paths(&[target], BuildMode::Normal).unwrap_err();
    assert_eq!(e.to_string(), "build of '/nix/store/h-x.drv' failed");
    assert!(!c.is_broken());
    c.add_temp_root("/nix/store/h-x.drv").unwrap();
    c.add_indirect_root(Path::new("/tmp/result")).unwrap();
    c.ensure_path("/nix/store/h-x").unwrap();
}

#[test]
fn a_vanished_daemon_is_an_io_error() {
    let mut c = with_daemon(ProtocolVersion::new(1, 34), |_| {});
    let e = c.is_valid_path("/nix/store/a").unwrap_err();
    assert!(e.to_string().contains("disconnected"), "{e}");
    assert!(c.is_broken());
}
