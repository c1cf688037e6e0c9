//! Unit tests for the hash module. Every expected value below was produced
//! by CppNix 2.8 (`nix-instantiate --eval --readonly-mode`, `nix-hash`,
//! `nix hash to-*`) via `oracle/gen.py` in the scratch crate, or — for
//! behaviour 2.8 lacks (`convertHash`, current error wording) — taken from
//! the Nix manual and the current Nix source.

use std::fs;
use std::path::{Path, PathBuf};

use super::*;

// ---------------------------------------------------------------- inputs

fn input_empty() -> Vec<u8> {
    Vec::new()
}

fn input_abc() -> Vec<u8> {
    b"abc".to_vec()
}

fn input_unicode() -> Vec<u8> {
    "h\u{e9}llo w\u{f6}rld \u{2713} \u{65e5}\u{672c}\u{8a9e} \u{1f389}\n"
        .as_bytes()
        .to_vec()
}

fn input_binary() -> Vec<u8> {
    (0..=255u8).collect()
}

/// 1 MiB of a fixed, non-periodic-looking pattern (same formula as gen.py).
fn input_onemib() -> Vec<u8> {
    (0..1usize << 20)
        .map(|i| ((i * 7 + (i >> 8)) & 0xff) as u8)
        .collect()
}

fn sha256(hex: &str) -> Hash {
    Hash::parse(hex, Some(HashAlgo::Sha256)).unwrap()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

// ------------------------------------------- every algorithm x every format

/// Check one input/algorithm pair against the oracle in all four formats,
/// prefixed and not, streamed and one-shot, and parse each form back.
fn check_digest(data: &[u8], algo: HashAlgo, b16: &str, n32: &str, b64: &str, sri: &str) {
    let h = Hash::digest(algo, data);
    assert_eq!(h.algo, algo);
    assert_eq!(h.digest.len(), algo.digest_len());
    assert_eq!(h.to_string(HashFormat::Base16, false), b16);
    assert_eq!(h.to_string(HashFormat::Nix32, false), n32);
    assert_eq!(h.to_string(HashFormat::Base64, false), b64);
    assert_eq!(h.to_string(HashFormat::Sri, false), sri);
    assert_eq!(h.to_string(HashFormat::Sri, true), sri);
    assert_eq!(h.to_sri(), sri);
    let name = algo.name();
    assert_eq!(
        h.to_string(HashFormat::Base16, true),
        format!("{name}:{b16}")
    );
    assert_eq!(
        h.to_string(HashFormat::Nix32, true),
        format!("{name}:{n32}")
    );
    assert_eq!(
        h.to_string(HashFormat::Base64, true),
        format!("{name}:{b64}")
    );

    // Streaming in uneven chunks must agree with the one-shot digest.
    let mut hasher = Hasher::new(algo);
    for chunk in data.chunks(4093) {
        hasher.update(chunk);
    }
    assert_eq!(hasher.bytes_hashed(), data.len() as u64);
    assert_eq!(hasher.finish(), h);

    for form in [b16, n32, b64] {
        assert_eq!(Hash::parse(form, Some(algo)).unwrap(), h, "{form}");
        assert_eq!(Hash::parse_bare(form, algo).unwrap(), h, "{form}");
        let prefixed = format!("{name}:{form}");
        assert_eq!(Hash::parse(&prefixed, None).unwrap(), h, "{prefixed}");
        assert_eq!(Hash::parse_prefixed(&prefixed).unwrap(), h, "{prefixed}");
    }
    assert_eq!(Hash::parse(sri, None).unwrap(), h);
    assert_eq!(Hash::parse(sri, Some(algo)).unwrap(), h);
    assert_eq!(Hash::parse_sri(sri).unwrap(), h);
}

macro_rules! digest_case {
    ($name:ident, $input:ident, $algo:ident, $b16:expr, $n32:expr, $b64:expr, $sri:expr) => {
        #[test]
        fn $name() {
            check_digest(&$input(), HashAlgo::$algo, $b16, $n32, $b64, $sri);
        }
    };
}

#[rustfmt::skip]
mod digests {
    use super::*;

    digest_case!(empty_md5, input_empty, Md5,
        "d41d8cd98f00b204e9800998ecf8427e",
        "3y8bwfr609h3lh9ch0izcqq7fl",
        "1B2M2Y8AsgTpgAmY7PhCfg==",
        "md5-1B2M2Y8AsgTpgAmY7PhCfg==");
    digest_case!(empty_sha1, input_empty, Sha1,
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "143xibwh31h9bvxzalr0sjvbbvpa6ffs",
        "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
        "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
    digest_case!(empty_sha256, input_empty, Sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73",
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    digest_case!(empty_sha512, input_empty, Sha512,
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        "0zdl9zrg8r3i9c1g90lgg9ip5ijzv3yhz91i0zzn3r8ap9ws784gkp9dk9j3aglhgf1amqb0pj21mh7h1nxcl18akqvvf7ggqsy30yg",
        "z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==",
        "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==");
    digest_case!(abc_md5, input_abc, Md5,
        "900150983cd24fb0d6963f7d28e17f72",
        "3jgzhjhz9zjvbb0kyj7jc500ch",
        "kAFQmDzST7DWlj99KOF/cg==",
        "md5-kAFQmDzST7DWlj99KOF/cg==");
    digest_case!(abc_sha1, input_abc, Sha1,
        "a9993e364706816aba3e25717850c26c9cd0d89d",
        "kpcd173cq987hw957sx6m0868wv3x6d9",
        "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=",
        "sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
    digest_case!(abc_sha256, input_abc, Sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s",
        "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
        "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    digest_case!(abc_sha512, input_abc, Sha512,
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        "2gs8k559z4rlahfx0y688s49m2vvszylcikrfinm30ly9rak69236nkam5ydvly1ai7xac99vxfc4ii84hawjbk876blyk1jfhkbbyx",
        "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==",
        "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==");
    digest_case!(unicode_md5, input_unicode, Md5,
        "f3aa286a4599d8ea7fadf6fd8564010f",
        "0g05j8bzgnmmzymn4r8mm2iapk",
        "86ooakWZ2Op/rfb9hWQBDw==",
        "md5-86ooakWZ2Op/rfb9hWQBDw==");
    digest_case!(unicode_sha1, input_unicode, Sha1,
        "2a88b9b98fa92555b0ceeccf845184fcadb1bcb5",
        "nnyb3bgwhi8q9kzcrsq5a9d9iywvk21a",
        "Koi5uY+pJVWwzuzPhFGE/K2xvLU=",
        "sha1-Koi5uY+pJVWwzuzPhFGE/K2xvLU=");
    digest_case!(unicode_sha256, input_unicode, Sha256,
        "770bca26fb9ba95594576a08683487a4ffde4743b86933424430fb2a36459aeb",
        "1sws8lv2myrh8i136sdq8d3xxzx4hws6h23aaya5bacvzckcl2vp",
        "dwvKJvubqVWUV2oIaDSHpP/eR0O4aTNCRDD7KjZFmus=",
        "sha256-dwvKJvubqVWUV2oIaDSHpP/eR0O4aTNCRDD7KjZFmus=");
    digest_case!(unicode_sha512, input_unicode, Sha512,
        "75c1e494360c7a982afc1ef021ecf8d07a7404ccfab8d08117b485dd8192001e92123d01efa86d96c377b8e94356ecc460733a35a775ddde769c5f24c92ae658",
        "1cfcan94igrqxnyvmssfd9sfdhc9v2n8glvhxy3jrnsivq17l9947h0ja0xv1dl2y0x1f7srh278ynhz3n23w0yzhm9hyhc6saf9hbm",
        "dcHklDYMepgq/B7wIez40Hp0BMz6uNCBF7SF3YGSAB6SEj0B76htlsN3uOlDVuzEYHM6Nad13d52nF8kySrmWA==",
        "sha512-dcHklDYMepgq/B7wIez40Hp0BMz6uNCBF7SF3YGSAB6SEj0B76htlsN3uOlDVuzEYHM6Nad13d52nF8kySrmWA==");
    digest_case!(binary_md5, input_binary, Md5,
        "e2c865db4162bed963bfaa9ef6ac18f0",
        "7h32ngd7mapxixkgk287dnbj72",
        "4shl20Fivtljv6qe9qwY8A==",
        "md5-4shl20Fivtljv6qe9qwY8A==");
    digest_case!(binary_sha1, input_binary, Sha1,
        "4916d6bdb7f78e6803698cab32d1586ea457dfc8",
        "r3gmg93fb38k5awcd41ni3ppnyyxc5j9",
        "SRbWvbf3jmgDaYyrMtFYbqRX38g=",
        "sha1-SRbWvbf3jmgDaYyrMtFYbqRX38g=");
    digest_case!(binary_sha256, input_binary, Sha256,
        "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880",
        "1028jjznc0hiwxqah7dxbxw5hwa9cxlqwr6lmx3jx4nqsblz5bs0",
        "QK/y6dLYki5Hr9RkjmlnSXFYeF+9Hahw5xECZr+USIA=",
        "sha256-QK/y6dLYki5Hr9RkjmlnSXFYeF+9Hahw5xECZr+USIA=");
    digest_case!(binary_sha512, input_binary, Sha512,
        "1e7b80bc8edc552c8feeb2780e111477e5bc70465fac1a77b29b35980c3f0ce4a036a6c9462036824bd56801e62af7e9feba5c22ed8a5af877bf7de117dcac6d",
        "1nsrp0pw5yvyxzqba5fs8jwpbzfkxrawq0nimabh8v20in9lqva1r0c7w69hdcvn9vimb2z8rqbrrbp2h8hwy5jxs7jqmfwisy80yqy",
        "HnuAvI7cVSyP7rJ4DhEUd+W8cEZfrBp3sps1mAw/DOSgNqbJRiA2gkvVaAHmKvfp/rpcIu2KWvh3v33hF9ysbQ==",
        "sha512-HnuAvI7cVSyP7rJ4DhEUd+W8cEZfrBp3sps1mAw/DOSgNqbJRiA2gkvVaAHmKvfp/rpcIu2KWvh3v33hF9ysbQ==");
    digest_case!(onemib_md5, input_onemib, Md5,
        "85bfb9943e6f0cb09f0f52679e9eac2b",
        "1bmjg9wrsj1ygv033g7sabkgw5",
        "hb+5lD5vDLCfD1Jnnp6sKw==",
        "md5-hb+5lD5vDLCfD1Jnnp6sKw==");
    digest_case!(onemib_sha1, input_onemib, Sha1,
        "a7ccc30ac12dc8d83d6f612100bc4fc6ed0c5a12",
        "29d0rvf69yy008b1dwyxij1dq45c7k57",
        "p8zDCsEtyNg9b2EhALxPxu0MWhI=",
        "sha1-p8zDCsEtyNg9b2EhALxPxu0MWhI=");
    digest_case!(onemib_sha256, input_onemib, Sha256,
        "1f8647d4cd2f7594c35c413e582e01089c00929dd4239eddd5ded3d40f325d53",
        "0lsx687x9lyyspfrw8ylkn90170804p5hgj1bk1r8x9grpa4g1hz",
        "H4ZH1M0vdZTDXEE+WC4BCJwAkp3UI57d1d7T1A8yXVM=",
        "sha256-H4ZH1M0vdZTDXEE+WC4BCJwAkp3UI57d1d7T1A8yXVM=");
    digest_case!(onemib_sha512, input_onemib, Sha512,
        "adc51ef3d6be7d5453818624cd034e59da1b108925ae2ea4fa153d9224f1dc57a05807c362789d16dd24edf81367836dccdcc78db68ef5eaf205cef9894ad7dd",
        "3fxfjl9z770bwpayn7bd3f7vk66v0v72gwfs96x2sfphqn30xca0mywy4j94g8mzaj2xbi5i481pnjr9q1ws946h59m8zdysvrixidd",
        "rcUe89a+fVRTgYYkzQNOWdobEIklri6k+hU9kiTx3FegWAfDYnidFt0k7fgTZ4NtzNzHjbaO9eryBc75iUrX3Q==",
        "sha512-rcUe89a+fVRTgYYkzQNOWdobEIklri6k+hU9kiTx3FegWAfDYnidFt0k7fgTZ4NtzNzHjbaO9eryBc75iUrX3Q==");
}

// ------------------------------------------------------------------ parsing

/// Every textual form the oracle accepted, with the base-16 it printed.
#[rustfmt::skip]
const ACCEPTED: &[(&str, Option<HashAlgo>, &str)] = &[
    ("900150983cd24fb0d6963f7d28e17f72", Some(HashAlgo::Md5), "900150983cd24fb0d6963f7d28e17f72"),
    ("900150983CD24FB0D6963F7D28E17F72", Some(HashAlgo::Md5), "900150983cd24fb0d6963f7d28e17f72"),
    ("3jgzhjhz9zjvbb0kyj7jc500ch", Some(HashAlgo::Md5), "900150983cd24fb0d6963f7d28e17f72"),
    ("kAFQmDzST7DWlj99KOF/cg==", Some(HashAlgo::Md5), "900150983cd24fb0d6963f7d28e17f72"),
    ("md5:900150983cd24fb0d6963f7d28e17f72", Some(HashAlgo::Md5), "900150983cd24fb0d6963f7d28e17f72"),
    ("md5:900150983cd24fb0d6963f7d28e17f72", None, "900150983cd24fb0d6963f7d28e17f72"),
    ("md5:3jgzhjhz9zjvbb0kyj7jc500ch", Some(HashAlgo::Md5), "900150983cd24fb0d6963f7d28e17f72"),
    ("md5:3jgzhjhz9zjvbb0kyj7jc500ch", None, "900150983cd24fb0d6963f7d28e17f72"),
    ("md5:kAFQmDzST7DWlj99KOF/cg==", Some(HashAlgo::Md5), "900150983cd24fb0d6963f7d28e17f72"),
    ("md5:kAFQmDzST7DWlj99KOF/cg==", None, "900150983cd24fb0d6963f7d28e17f72"),
    ("md5-kAFQmDzST7DWlj99KOF/cg==", Some(HashAlgo::Md5), "900150983cd24fb0d6963f7d28e17f72"),
    ("md5-kAFQmDzST7DWlj99KOF/cg==", None, "900150983cd24fb0d6963f7d28e17f72"),
    ("md5-kAFQmDzST7DWlj99KOF/cg", Some(HashAlgo::Md5), "900150983cd24fb0d6963f7d28e17f72"),
    ("md5-kAFQmDzST7DWlj99KOF/cg", None, "900150983cd24fb0d6963f7d28e17f72"),
    ("md5-kAFQmDzST7DWlj99KOF/cg==junk-after-padding", Some(HashAlgo::Md5), "900150983cd24fb0d6963f7d28e17f72"),
    ("md5-kAFQmDzST7DWlj99KOF/cg==junk-after-padding", None, "900150983cd24fb0d6963f7d28e17f72"),
    ("a9993e364706816aba3e25717850c26c9cd0d89d", Some(HashAlgo::Sha1), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("A9993E364706816ABA3E25717850C26C9CD0D89D", Some(HashAlgo::Sha1), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("kpcd173cq987hw957sx6m0868wv3x6d9", Some(HashAlgo::Sha1), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", Some(HashAlgo::Sha1), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1:a9993e364706816aba3e25717850c26c9cd0d89d", Some(HashAlgo::Sha1), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1:a9993e364706816aba3e25717850c26c9cd0d89d", None, "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1:kpcd173cq987hw957sx6m0868wv3x6d9", Some(HashAlgo::Sha1), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1:kpcd173cq987hw957sx6m0868wv3x6d9", None, "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1:qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", Some(HashAlgo::Sha1), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1:qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", None, "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", Some(HashAlgo::Sha1), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", None, "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0", Some(HashAlgo::Sha1), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0", None, "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=junk-after-padding", Some(HashAlgo::Sha1), "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=junk-after-padding", None, "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Some(HashAlgo::Sha256), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", Some(HashAlgo::Sha256), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s", Some(HashAlgo::Sha256), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", Some(HashAlgo::Sha256), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Some(HashAlgo::Sha256), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", None, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256:1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s", Some(HashAlgo::Sha256), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256:1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s", None, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", Some(HashAlgo::Sha256), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", None, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", Some(HashAlgo::Sha256), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", None, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0", Some(HashAlgo::Sha256), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0", None, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=junk-after-padding", Some(HashAlgo::Sha256), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=junk-after-padding", None, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", Some(HashAlgo::Sha512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F", Some(HashAlgo::Sha512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("2gs8k559z4rlahfx0y688s49m2vvszylcikrfinm30ly9rak69236nkam5ydvly1ai7xac99vxfc4ii84hawjbk876blyk1jfhkbbyx", Some(HashAlgo::Sha512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==", Some(HashAlgo::Sha512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", Some(HashAlgo::Sha512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", None, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512:2gs8k559z4rlahfx0y688s49m2vvszylcikrfinm30ly9rak69236nkam5ydvly1ai7xac99vxfc4ii84hawjbk876blyk1jfhkbbyx", Some(HashAlgo::Sha512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512:2gs8k559z4rlahfx0y688s49m2vvszylcikrfinm30ly9rak69236nkam5ydvly1ai7xac99vxfc4ii84hawjbk876blyk1jfhkbbyx", None, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512:3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==", Some(HashAlgo::Sha512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512:3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==", None, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==", Some(HashAlgo::Sha512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==", None, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw", Some(HashAlgo::Sha512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw", None, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==junk-after-padding", Some(HashAlgo::Sha512), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==junk-after-padding", None, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
];

#[test]
fn parse_every_accepted_form() {
    for &(input, algo, b16) in ACCEPTED {
        let h = Hash::parse(input, algo).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(h.to_string(HashFormat::Base16, false), b16, "{input}");
    }
}

/// Accepted forms survive print -> parse in every format.
#[test]
fn parse_round_trips_through_every_format() {
    for &(input, algo, _) in ACCEPTED {
        let h = Hash::parse(input, algo).unwrap();
        for format in [
            HashFormat::Base16,
            HashFormat::Nix32,
            HashFormat::Base64,
            HashFormat::Sri,
        ] {
            for prefix in [false, true] {
                let text = h.to_string(format, prefix);
                let algo_hint = (!prefix && format != HashFormat::Sri).then_some(h.algo);
                assert_eq!(Hash::parse(&text, algo_hint).unwrap(), h, "{text}");
            }
        }
    }
}

/// Parse with the given hint; the oracle rejected every one of these.
fn parse_err(input: &str, algo: Option<HashAlgo>) -> HashError {
    match Hash::parse(input, algo) {
        Ok(h) => panic!("{input} parsed as {h:?}"),
        Err(e) => e,
    }
}

#[test]
fn error_wrong_length_bare() {
    let e = parse_err("abc", Some(HashAlgo::Sha256));
    assert_eq!(
        e.to_string(),
        "hash 'abc' has wrong length for hash algorithm 'sha256'"
    );
}

#[test]
fn error_wrong_length_prefixed() {
    let e = parse_err("sha256:abc", None);
    assert!(
        matches!(e, HashError::WrongLength { ref hash, algo: HashAlgo::Sha256 } if hash == "abc")
    );
}

#[test]
fn error_wrong_length_empty() {
    let e = parse_err("", Some(HashAlgo::Sha256));
    assert!(matches!(e, HashError::WrongLength { ref hash, .. } if hash.is_empty()));
}

#[test]
fn error_wrong_length_one_extra_hex_digit() {
    let e = parse_err("900150983cd24fb0d6963f7d28e17f720", Some(HashAlgo::Md5));
    assert_eq!(
        e.to_string(),
        "hash '900150983cd24fb0d6963f7d28e17f720' has wrong length for hash algorithm 'md5'"
    );
}

#[test]
fn error_sri_prefix_inside_colon_prefix() {
    // ':' wins, so the SRI text becomes a body of the wrong length.
    let e = parse_err(
        "sha256:sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
        None,
    );
    assert!(matches!(e, HashError::WrongLength { .. }));
}

#[test]
fn error_invalid_sri_short() {
    let e = parse_err("sha256-abc", None);
    assert_eq!(e.to_string(), "invalid SRI hash 'abc'");
}

#[test]
fn error_invalid_sri_wrong_algo_body() {
    // A valid sha1 body under a sha256 SRI prefix.
    let e = parse_err("sha256-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", None);
    assert_eq!(
        e,
        HashError::InvalidSri("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=".into())
    );
}

#[test]
fn error_unknown_algo_sri_and_colon() {
    for input in ["foo-abc", "foo:abc"] {
        let e = parse_err(input, None);
        assert_eq!(e, HashError::UnknownAlgo("foo".into()));
        assert_eq!(
            e.to_string(),
            "unknown hash algorithm 'foo', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'"
        );
    }
}

#[test]
fn error_no_type() {
    let e = parse_err("abc", None);
    assert_eq!(
        e.to_string(),
        "hash 'abc' does not include a type, nor is the type otherwise known from context"
    );
}

#[test]
fn error_type_mismatch() {
    let input = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    let e = parse_err(input, Some(HashAlgo::Sha1));
    assert_eq!(
        e.to_string(),
        format!("hash '{input}' should have type 'sha1'")
    );
}

#[test]
fn error_invalid_base16() {
    let input = "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    let e = parse_err(input, Some(HashAlgo::Sha256));
    assert_eq!(e.to_string(), format!("invalid base-16 hash '{input}'"));
}

#[test]
fn error_invalid_nix32_character() {
    // 'e' is not in the nix32 alphabet.
    let input = "eb8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s";
    let e = parse_err(input, Some(HashAlgo::Sha256));
    assert_eq!(e.to_string(), format!("invalid base-32 hash '{input}'"));
}

#[test]
fn error_invalid_nix32_overflow() {
    // 52 digits carry 260 bits; a leading '2' sets a bit past the 256th.
    let input = "2b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s";
    assert_eq!(
        parse_err(input, Some(HashAlgo::Sha256)),
        HashError::InvalidNix32(input.into())
    );
}

#[test]
fn error_invalid_base64_character() {
    let e = parse_err(
        "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa!=",
        Some(HashAlgo::Sha256),
    );
    assert_eq!(e, HashError::InvalidBase64Char('!'));
    assert_eq!(e.to_string(), "invalid character in Base64 string: '!'");
}

#[test]
fn error_invalid_base64_too_short() {
    let e = parse_err("qZk+NkcGgWq6PiVxeFDCbJzQ2J==", Some(HashAlgo::Sha1));
    assert_eq!(
        e.to_string(),
        "invalid base-64 hash 'qZk+NkcGgWq6PiVxeFDCbJzQ2J=='"
    );
}

#[test]
fn base64_newlines_are_skipped() {
    let h = Hash::parse("2jmj7l5rSw0yVb/vlW\nAYkK/YBwk", Some(HashAlgo::Sha1)).unwrap();
    assert_eq!(
        h.to_string(HashFormat::Base16, false),
        "da39a3ee5e6b4b0d3255bfef95601890afd80709"
    );
}

#[test]
fn parse_sri_and_prefixed_require_their_prefix() {
    let e = Hash::parse_sri("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").unwrap_err();
    assert_eq!(
        e.to_string(),
        "hash '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' is not SRI"
    );
    let e =
        Hash::parse_prefixed("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            .unwrap_err();
    assert!(matches!(e, HashError::MissingTypePrefix(_)));
    assert!(e.to_string().ends_with("' does not include a type"));
}

// ------------------------------------------------------ algorithms, formats

#[test]
fn algo_names_and_sizes() {
    let expected = [
        ("md5", 16, 32, 26, 24),
        ("sha1", 20, 40, 32, 28),
        ("sha256", 32, 64, 52, 44),
        ("sha512", 64, 128, 103, 88),
    ];
    for (algo, (name, len, b16, n32, b64)) in HashAlgo::ALL.into_iter().zip(expected) {
        assert_eq!(HashAlgo::parse(name).unwrap(), algo);
        assert_eq!(name.parse::<HashAlgo>().unwrap(), algo);
        assert_eq!(algo.name(), name);
        assert_eq!(algo.to_string(), name);
        assert_eq!(
            (
                algo.digest_len(),
                algo.base16_len(),
                algo.nix32_len(),
                algo.base64_len()
            ),
            (len, b16, n32, b64)
        );
    }
}

#[test]
fn algo_names_are_case_sensitive() {
    // The oracle: builtins.hashString "SHA256" fails with "unknown hash algorithm".
    assert_eq!(
        HashAlgo::parse("SHA256"),
        Err(HashError::UnknownAlgo("SHA256".into()))
    );
}

#[test]
fn blake3_is_feature_gated() {
    let e = HashAlgo::parse("blake3").unwrap_err();
    assert_eq!(
        e.to_string(),
        "experimental Nix feature 'blake3-hashes' is disabled; add '--extra-experimental-features blake3-hashes' to enable it"
    );
}

#[test]
fn format_names() {
    for (name, format) in [
        ("base16", HashFormat::Base16),
        ("nix32", HashFormat::Nix32),
        ("base32", HashFormat::Nix32),
        ("base64", HashFormat::Base64),
        ("sri", HashFormat::Sri),
    ] {
        assert_eq!(HashFormat::parse(name).unwrap(), format);
    }
    assert_eq!(
        HashFormat::deprecation_warning("base32"),
        Some(BASE32_DEPRECATION_WARNING)
    );
    assert_eq!(
        BASE32_DEPRECATION_WARNING,
        "\"base32\" is a deprecated alias for hash format \"nix32\"."
    );
    assert_eq!(HashFormat::deprecation_warning("nix32"), None);
    assert_eq!(HashFormat::Nix32.name(), "nix32");
    let e = HashFormat::parse("hex").unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown hash format 'hex', expect 'base16', 'base32', 'base64', or 'sri'"
    );
}

/// The three `builtins.convertHash` examples from the Nix manual, as the
/// primop implements them: parse, then print with a prefix only for SRI.
#[test]
fn convert_hash_manual_examples() {
    let convert = |hash: &str, algo: Option<&str>, to: &str| {
        let algo = algo.map(|a| HashAlgo::parse(a).unwrap());
        let format = HashFormat::parse(to).unwrap();
        Hash::parse(hash, algo)
            .unwrap()
            .to_string(format, format == HashFormat::Sri)
    };
    let b16 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let sri = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    assert_eq!(convert(b16, Some("sha256"), "sri"), sri);
    assert_eq!(convert(sri, None, "base16"), b16);
    assert_eq!(convert(&format!("sha256:{b16}"), None, "sri"), sri);
}

#[test]
fn empty_hash_means_zero_hash() {
    let h = Hash::parse_allow_empty("", Some(HashAlgo::Sha256)).unwrap();
    // The oracle's warning text shows the hash it assumed.
    assert_eq!(
        h.to_sri(),
        "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    );
    assert_eq!(
        Hash::parse_allow_empty("", None),
        Err(HashError::EmptyHashNeedsAlgo)
    );
    let flat = make_fixed_output_path(DEFAULT_STORE_DIR, "empty-h", false, &h, &[]).unwrap();
    assert_eq!(flat, "/nix/store/xfan8zkkis40wws72dwhr22yd0p2bkvs-empty-h");
    let rec = make_fixed_output_path(DEFAULT_STORE_DIR, "empty-h", true, &h, &[]).unwrap();
    assert_eq!(rec, "/nix/store/w78fv1526sa60ppn53zas3z19b6586da-empty-h");
}

#[test]
fn hash_file_streams_file_contents() {
    let dir = TempDir::new("hashfile");
    let path = dir.path().join("onemib");
    fs::write(&path, input_onemib()).unwrap();
    let h = hash_file(&path, HashAlgo::Sha256).unwrap();
    assert_eq!(
        h.to_string(HashFormat::Base16, false),
        "1f8647d4cd2f7594c35c413e582e01089c00929dd4239eddd5ded3d40f325d53"
    );
}

/// A uniquely named scratch directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("nixvm-hash-{}-{tag}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

mod paths;
