//! Store-path, placeholder and NAR tests (split from `tests.rs` to keep
//! files small). Expected values come from CppNix 2.8, as in the parent.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use super::*;

// ------------------------------------------------------------- placeholder

#[rustfmt::skip]
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("out", "/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9"),
    ("dev", "/02qcpld1y6xhs5gz9bchpxaw0xdhmsp5dv88lh25r2ss44kh8dxz"),
    ("bin", "/04f3da1kmbr67m3gzxikmsl4vjz5zf777sv6m14ahv22r65aac9m"),
    ("lib", "/0sra2y18lr3h6j58qjm0w46yv36h1wjmilb09n8aimdpivdymscx"),
    ("man", "/13w3w5jxr32cwlhkkhgz7w65fffzgv7fkd48zi7ncz9ghqzhnqpw"),
    ("foo-bar", "/0km0vlhlhx3dpss5bhbvgqszkgpz9yq3k51f32jq3cbq48rhb4gk"),
    ("\u{fc}", "/016r1n9p6asdkcwml8qk6v1nmfivappy9di998rp0pf8zv8avpgm"),
];

macro_rules! placeholder_case {
    ($name:ident, $index:expr) => {
        #[test]
        fn $name() {
            let (output, expected) = PLACEHOLDERS[$index];
            assert_eq!(placeholder(output), expected);
        }
    };
}

placeholder_case!(placeholder_out, 0);
placeholder_case!(placeholder_dev, 1);
placeholder_case!(placeholder_bin, 2);
placeholder_case!(placeholder_lib, 3);
placeholder_case!(placeholder_man, 4);
placeholder_case!(placeholder_dashed, 5);
placeholder_case!(placeholder_unicode, 6);

// -------------------------------------------------------------- text paths

const PATH_A: &str = "/nix/store/g76zcpqc540lrc8i6g7xy6ip0npn2hnp-a"; // toFile "a" "b"
const PATH_ZZ: &str = "/nix/store/kqq5qhs8ph5zxk66lw02b4hzyy3sp9w6-zz"; // toFile "zz" "1"
const PATH_AA: &str = "/nix/store/hknck0cxxdhwn58fnza81lk0b77h5pf9-aa"; // toFile "aa" "2"

#[test]
fn text_path_simple() {
    assert_eq!(
        make_text_path(DEFAULT_STORE_DIR, "x", b"y", &[]),
        "/nix/store/lfngsssysp6h1v4ccqg23c52s9sjl779-x"
    );
    assert_eq!(make_text_path(DEFAULT_STORE_DIR, "a", b"b", &[]), PATH_A);
    assert_eq!(make_text_path(DEFAULT_STORE_DIR, "zz", b"1", &[]), PATH_ZZ);
    assert_eq!(make_text_path(DEFAULT_STORE_DIR, "aa", b"2", &[]), PATH_AA);
}

#[test]
fn text_path_empty_contents() {
    assert_eq!(
        make_text_path(DEFAULT_STORE_DIR, "hello.txt", b"", &[]),
        "/nix/store/19j04j4wipw5w51qdiclx5l8lfnqc34h-hello.txt"
    );
}

#[test]
fn text_path_unicode_contents() {
    assert_eq!(
        make_text_path(DEFAULT_STORE_DIR, "uni", &input_unicode(), &[]),
        "/nix/store/amrjps0kiwhdvwq51jr7cbb5hpnmv0cm-uni"
    );
}

#[test]
fn text_path_other_store_dir() {
    assert_eq!(
        make_text_path("/foo/store", "x", b"y", &[]),
        "/foo/store/1jw3nadq9yphyy7k9hbn77blin2hraqm-x"
    );
}

#[test]
fn text_path_one_reference() {
    let path = make_text_path(
        DEFAULT_STORE_DIR,
        "refs1",
        PATH_A.as_bytes(),
        &strings(&[PATH_A]),
    );
    assert_eq!(path, "/nix/store/4i5wh62f2w9l4p0xvxqcd898imjb1nx2-refs1");
}

#[test]
fn text_path_references_sorted_and_deduplicated() {
    // toFile "refs2" "${zz} ${aa} ${zz}": context order zz, aa, zz.
    let contents = format!("{PATH_ZZ} {PATH_AA} {PATH_ZZ}");
    let refs = strings(&[PATH_ZZ, PATH_AA, PATH_ZZ]);
    let path = make_text_path(DEFAULT_STORE_DIR, "refs2", contents.as_bytes(), &refs);
    assert_eq!(path, "/nix/store/kj0vd2hbz9kzsdlp0qway1hxd4cq5w8k-refs2");
}

#[test]
fn store_path_fingerprint_and_compression() {
    // sha256("y") from the oracle; the fingerprint is Nix's documented layout.
    let inner = sha256("a1fce4363854ff888cff4b8e7875d600c2682390412a8cf79b37d0b11148b0fa");
    let fp = store_path_fingerprint(DEFAULT_STORE_DIR, "text", &inner, "x");
    assert_eq!(
        fp,
        "text:sha256:a1fce4363854ff888cff4b8e7875d600c2682390412a8cf79b37d0b11148b0fa:/nix/store:x"
    );
    let folded = compress_hash(&Hash::digest(HashAlgo::Sha256, fp.as_bytes()).digest, 20);
    // The hash part of the oracle's `builtins.toFile "x" "y"`.
    assert_eq!(
        nix32::decode("lfngsssysp6h1v4ccqg23c52s9sjl779").unwrap(),
        folded
    );
    assert_eq!(
        make_store_path(DEFAULT_STORE_DIR, "text", &inner, "x"),
        "/nix/store/lfngsssysp6h1v4ccqg23c52s9sjl779-x"
    );
}

// ------------------------------------------------------ fixed-output paths

#[rustfmt::skip]
const FIXED: &[(&str, bool, HashAlgo, &str, &str)] = &[
    ("fo-md5", false, HashAlgo::Md5, "900150983cd24fb0d6963f7d28e17f72", "/nix/store/q51s9y7x9qxiv9gpz3rjrvbgardgpdsr-fo-md5"),
    ("fo-md5", true, HashAlgo::Md5, "900150983cd24fb0d6963f7d28e17f72", "/nix/store/ag9zcc74ly7g84mklkwyas8zh5ai2dlj-fo-md5"),
    ("fo-sha1", false, HashAlgo::Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d", "/nix/store/kx1ggpc9sd4n2xw1pr5ygq475qpkaw3l-fo-sha1"),
    ("fo-sha1", true, HashAlgo::Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d", "/nix/store/np69qbh141brm2h5h38cf9igsrn7ggkg-fo-sha1"),
    ("fo-sha256", false, HashAlgo::Sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "/nix/store/7j52q74viqvhyg0dp97mz2mnv5jd4vg6-fo-sha256"),
    ("fo-sha256", true, HashAlgo::Sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "/nix/store/1y5s0lpzznpzy23jfnvnc4b0mrz7jygb-fo-sha256"),
    ("fo-sha512", false, HashAlgo::Sha512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", "/nix/store/mcdlxns5yxwb42r8nrwcrvhwpizkbd5q-fo-sha512"),
    ("fo-sha512", true, HashAlgo::Sha512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", "/nix/store/y1rc4lfx3ijz7fm1322kpw4bx6bymzc0-fo-sha512"),
];

macro_rules! fixed_case {
    ($name:ident, $index:expr) => {
        #[test]
        fn $name() {
            let (name, recursive, algo, hex, expected) = FIXED[$index];
            let hash = Hash::parse(hex, Some(algo)).unwrap();
            let path =
                make_fixed_output_path(DEFAULT_STORE_DIR, name, recursive, &hash, &[]).unwrap();
            assert_eq!(path, expected);
        }
    };
}

fixed_case!(fixed_md5_flat, 0);
fixed_case!(fixed_md5_recursive, 1);
fixed_case!(fixed_sha1_flat, 2);
fixed_case!(fixed_sha1_recursive, 3);
fixed_case!(fixed_sha256_flat, 4);
fixed_case!(fixed_sha256_recursive_is_source, 5);
fixed_case!(fixed_sha512_flat, 6);
fixed_case!(fixed_sha512_recursive, 7);

#[test]
fn fixed_output_from_sri_output_hash() {
    // outputHash given in SRI form, outputHashAlgo omitted.
    let hash = Hash::parse("sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", None).unwrap();
    let path = make_fixed_output_path(DEFAULT_STORE_DIR, "sri-h", false, &hash, &[]).unwrap();
    assert_eq!(path, "/nix/store/5vxwilhb3pipbi2af2wx769rrbh2m1xs-sri-h");
}

#[test]
fn fixed_output_references_only_for_source() {
    let hash = sha256("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    let refs = strings(&[PATH_A]);
    let e = make_fixed_output_path(DEFAULT_STORE_DIR, "fo", false, &hash, &refs).unwrap_err();
    assert!(
        e.to_string().starts_with(
            "fixed output derivation 'fo' is not allowed to refer to other store paths."
        )
    );
    // Recursive sha256 may carry references; they change the path type.
    let with = make_fixed_output_path(DEFAULT_STORE_DIR, "fo", true, &hash, &refs).unwrap();
    let without = make_fixed_output_path(DEFAULT_STORE_DIR, "fo", true, &hash, &[]).unwrap();
    assert_ne!(with, without);
    assert_eq!(
        make_path_type("source", &refs, true),
        format!("source:{PATH_A}:self")
    );
}

// --------------------------------------------------------------------- NAR

fn put(root: &Path, rel: &str, data: &[u8], mode: u32) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, data).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
}

/// The same tree gen.py built and ran `nix-hash` on.
fn build_tree(root: &Path) -> PathBuf {
    let t = root.join("tree");
    put(&t, "README", b"hello world\n", 0o644);
    put(&t, "bin/run.sh", b"#!/bin/sh\necho hi\n", 0o755);
    symlink("README", t.join("link")).unwrap();
    symlink("does/not/exist", t.join("dangling")).unwrap();
    fs::create_dir_all(t.join("empty-dir")).unwrap();
    put(&t, "sub/deeper/data.bin", &input_binary(), 0o644);
    put(&t, "Zeta", b"", 0o644);
    put(&t, "a b", b"space\n", 0o644);
    put(&t, "\u{e9}", b"unicode name\n", 0o644);
    put(&t, "exec-empty", b"", 0o700);
    put(&t, "group-exec", b"not owner-executable\n", 0o654);
    put(&t, "pad7", b"1234567", 0o644);
    put(&t, "pad8", b"12345678", 0o644);
    put(&t, "pad9", b"123456789", 0o644);
    t
}

fn nar32(path: &Path) -> String {
    nar_hash_path(path, HashAlgo::Sha256)
        .unwrap()
        .to_string(HashFormat::Nix32, false)
}

#[test]
fn nar_tree_sha256() {
    let dir = TempDir::new("tree-sha256");
    let tree = build_tree(dir.path());
    assert_eq!(
        nar32(&tree),
        "0cj1r916427zi5vjbp7am6cw7qiknad0qgm6nl2lcjq31rsa4k4y"
    );
}

#[test]
fn nar_tree_other_algorithms() {
    let dir = TempDir::new("tree-algos");
    let tree = build_tree(dir.path());
    let b16 = |algo| {
        nar_hash_path(&tree, algo)
            .unwrap()
            .to_string(HashFormat::Base16, false)
    };
    assert_eq!(b16(HashAlgo::Md5), "24bc432485b8fc41c8afe644e29ca2d9");
    assert_eq!(
        b16(HashAlgo::Sha1),
        "222450d48534d814920bfe05697b17ba6b24f98f"
    );
    assert_eq!(
        b16(HashAlgo::Sha512),
        "477191859d53d226c28bc00eb5d97f67e5e0fce7b883fa1b26e7aaf3862e36b9d4980f9fe93204b13bf5feb7a4bcaa62952dae28f860d43f7e51dcb232572a6f"
    );
}

#[test]
fn nar_tree_members() {
    let dir = TempDir::new("tree-members");
    let tree = build_tree(dir.path());
    #[rustfmt::skip]
    let expected = [
        ("README", "00zns3gj9hwz2a4b0i07y7nmxybq59lh24bl3xsxblcl6333mjil"),
        ("bin/run.sh", "183p8jhjfcpk6kac6hxwp4gzp9brkvkibylz27jfbvgd5kqcq2jy"),
        ("link", "010inirsznk3piran7n8s6hf8vfb67v7yw0l38randir7lrvgg57"),
        ("dangling", "0ap01ss05d2yiffahahvr91s5hl1vnnxjbac0z0rzrx2sr5h0lz3"),
        ("empty-dir", "0sjjj9z1dhilhpc8pq4154czrb79z9cm044jvn75kxcjv6v5l2m5"),
        ("Zeta", "0ip26j2h11n1kgkz36rl4akv694yz65hr72q4kv4b3lxcbi65b3p"),
        ("exec-empty", "146m62fh059g7arnrjh6a7yh4q879r36fsm4a5c4dbd6ja2hpq1l"),
        ("group-exec", "0whzw7yaakl2304l77mw5dw2jbay887fm7wxrm5plc2dlsm6gfrk"),
        ("sub", "1a0yfgjx5sp24652rp4ayfiscb37wgn088mqmrqanvbz2yx12cbn"),
        ("pad7", "02gsgaz27amib1glpiv5d80fzmwfw7f4wv5mz1iy68r4qr4cxlpv"),
        ("pad8", "0g7mwcdnivpkvcv7aydv8b9a4qp0nc3daxhdl95fciv488ik5mi2"),
        ("pad9", "0h8f912v8s3innhw657crwmk5mq3l0fg3cw2iaxyrgql18n3vqh1"),
    ];
    for (rel, hash) in expected {
        assert_eq!(nar32(&tree.join(rel)), hash, "{rel}");
    }
}

#[test]
fn nar_deep_tree_uses_no_deep_recursion() {
    let dir = TempDir::new("deep");
    let root = dir.path().join("deep");
    let mut leaf_dir = root.clone();
    for _ in 0..300 {
        leaf_dir.push("d");
    }
    put(&leaf_dir, "leaf", b"bottom\n", 0o644);
    // A small stack proves the traversal does not recurse per level.
    let hash = std::thread::Builder::new()
        .stack_size(64 * 1024)
        .spawn(move || nar32(&root))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(hash, "1fki8axgam836l3fbqgpgfvcmx54fvlkqj9mqyl42ifxlmngyd7s");
}

#[test]
fn nar_single_files_on_disk_and_in_memory() {
    let dir = TempDir::new("single");
    #[rustfmt::skip]
    let cases = [
        (input_onemib(), false, "0ccqzfcv7fjn9i0lbxpfv8z7wbcjwkn3nsp5d9qky7llf3fgr4if"),
        (input_onemib(), true, "1qpbw7xvkfc9zjcfpy21m35r1wxs1zzs2y44rclc14bmjnrr1vys"),
        (input_unicode(), false, "0jy84k4nzzj42mji725f4hi7xzspqz5wm1c7px4yjvmr4lacv4pw"),
        (input_unicode(), true, "1brb7hda0mbydb7bdxm0j67rixwa87rq9zpxwxn4yipc3fdipij4"),
        (b"hello world\n".to_vec(), false, "00zns3gj9hwz2a4b0i07y7nmxybq59lh24bl3xsxblcl6333mjil"),
        (Vec::new(), true, "146m62fh059g7arnrjh6a7yh4q879r36fsm4a5c4dbd6ja2hpq1l"),
        (b"1234567".to_vec(), false, "02gsgaz27amib1glpiv5d80fzmwfw7f4wv5mz1iy68r4qr4cxlpv"),
    ];
    for (i, (data, exec, expected)) in cases.into_iter().enumerate() {
        let mem = nar_hash_bytes_as_file(&data, exec, HashAlgo::Sha256);
        assert_eq!(
            mem.to_string(HashFormat::Nix32, false),
            expected,
            "case {i} in memory"
        );
        let name = format!("f{i}");
        put(dir.path(), &name, &data, if exec { 0o755 } else { 0o644 });
        assert_eq!(nar32(&dir.path().join(&name)), expected, "case {i} on disk");
    }
}

#[test]
fn nar_filter_and_size() {
    let dir = TempDir::new("filter");
    let tree = build_tree(dir.path());
    // Accept-all filter gives the plain NAR hash, and a size that is a
    // multiple of 8 as every NAR is.
    let (h, size) = nar_hash_path_filtered(&tree, HashAlgo::Sha256, |_, _| {
        Ok::<_, std::io::Error>(true)
    })
    .unwrap();
    assert_eq!(
        h.to_string(HashFormat::Nix32, false),
        "0cj1r916427zi5vjbp7am6cw7qiknad0qgm6nl2lcjq31rsa4k4y"
    );
    assert_eq!(size % 8, 0);
    // Filtering out everything but "sub" leaves a directory whose only
    // entry has the same node as "sub" alone; the filter sees full paths.
    let mut seen = Vec::new();
    let mut out = Vec::new();
    dump_path_filtered(&tree, &mut out, |p, _| {
        seen.push(p.to_owned());
        Ok::<_, std::io::Error>(p.starts_with(tree.join("sub")))
    })
    .unwrap();
    assert!(seen.contains(&tree.join("sub/deeper/data.bin")));
    assert!(
        !seen.contains(&tree.join("bin/run.sh")),
        "excluded dirs are not descended into"
    );
    let mut sub = Vec::new();
    dump_path(&tree.join("sub"), &mut sub).unwrap();
    assert!(
        out.windows(sub.len() - 24).any(|w| w == &sub[24..]),
        "sub's node appears verbatim"
    );
    let e = nar_hash_path_filtered(&tree, HashAlgo::Sha256, |_, _| {
        Err::<bool, _>(std::io::Error::other("stop"))
    });
    assert_eq!(e.unwrap_err().to_string(), "stop");
}

#[test]
fn nar_magic_and_layout() {
    let mut out = Vec::new();
    dump_bytes_as_file(b"", false, &mut out).unwrap();
    assert_eq!(&out[..8], &13u64.to_le_bytes());
    assert_eq!(&out[8..21], NAR_MAGIC.as_bytes());
    assert_eq!(out.len() % 8, 0);
}

// ------------------------------------------------------------ source paths

#[test]
fn source_path_of_directory() {
    let dir = TempDir::new("src-dir");
    let tree = build_tree(dir.path());
    let nar = nar_hash_path(&tree, HashAlgo::Sha256).unwrap();
    assert_eq!(
        make_source_path_from_nar_hash(DEFAULT_STORE_DIR, "tree", &nar),
        "/nix/store/1bgh73awiay7wnv3jandaksi1sz6naqs-tree"
    );
    // builtins.path { path = tree; name = "my-src"; }
    assert_eq!(
        make_source_path_from_nar_hash(DEFAULT_STORE_DIR, "my-src", &nar),
        "/nix/store/vvv737x06dmx4ax6m4f8bcr08ryizlib-my-src"
    );
}

#[test]
fn source_path_of_files() {
    let dir = TempDir::new("src-files");
    let tree = build_tree(dir.path());
    let src = |rel: &str, name: &str| {
        let nar = nar_hash_path(&tree.join(rel), HashAlgo::Sha256).unwrap();
        make_source_path_from_nar_hash(DEFAULT_STORE_DIR, name, &nar)
    };
    assert_eq!(
        src("README", "README"),
        "/nix/store/v9hw8g0kyqakz0kdd7g6x7s5ia24vh7q-README"
    );
    assert_eq!(
        src("bin/run.sh", "run.sh"),
        "/nix/store/hgl6cwhlhzpznapan2nfnls2nyyv4lqb-run.sh"
    );
    // builtins.path on a symlink stores the link itself, not its target.
    assert_eq!(
        src("link", "link"),
        "/nix/store/mcgxvrcakvcqd1cba90gb2r9nrq86zyq-link"
    );
}

#[test]
fn source_path_flat_with_expected_hash() {
    // builtins.path { path = README; name = "readme"; recursive = false; sha256 = ...; }
    let dir = TempDir::new("src-flat");
    let tree = build_tree(dir.path());
    let flat = hash_file(&tree.join("README"), HashAlgo::Sha256).unwrap();
    let path = make_fixed_output_path(DEFAULT_STORE_DIR, "readme", false, &flat, &[]).unwrap();
    assert_eq!(path, "/nix/store/hkfrlairrgb32r4gvi2d0j692f69px1q-readme");
}
