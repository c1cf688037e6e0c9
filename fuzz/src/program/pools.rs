//! The literals the generator picks from: ordinary values and the edge cases of each kind.

pub const INTS: &[i64] = &[
    0,
    1,
    2,
    3,
    -1,
    7,
    10,
    42,
    -5,
    255,
    1024,
    i64::MAX,
    i64::MIN + 1,
    4_611_686_018_427_387_904,
];

/// Sizes and values beyond what memory holds.
pub const HUGE_INTS: &[i64] = &[1_000_000_000_000, 100_000_000, i64::MAX, 1 << 40, 3_000_000];

pub const FLOATS: &[&str] = &[
    "0.5", "1.0", "0.0", ".5", "2.5e3", "1.0e-3", "3.14159", "1.0e308", "100.", "1.5e-300",
];

pub const STRINGS: &[&str] = &[
    "",
    "a",
    "b",
    "hello world",
    "x.y",
    "1.2.3",
    "a-b-c",
    "ü€𝄞",
    "line\nbreak",
    "tab\there",
    "/nix/store/ffffffffffffffffffffffffffffffff-x",
    "/a/b/",
    "foo.nix",
    "${",
    "\\",
    "\"",
    "0",
    "-1",
    "true",
    "sha256",
    "out",
    "a b",
];

pub const PATHS: &[&str] = &["./a", "./a/b.nix", "/tmp", "/x/../y", "../up", "./.", "a/b"];

/// Attribute names of generated sets; selections, `?` and `getAttr` use the same ones.
pub const ATTR_NAMES: &[&str] = &[
    "a",
    "b",
    "c",
    "d",
    "e",
    "name",
    "value",
    "outPath",
    "type",
    "__functor",
];

/// Plain text inside string literals (no `'`: two in a row would end an indented string).
pub const TEXT: &[&str] = &[
    "a", "hello", " ", "x y", "ü", "€", "1", "{", "}", "/", "$a", "\t",
];

pub const REGEXES: &[&str] = &[
    "a",
    "(a)(b)?",
    "[a-z]+",
    ".*",
    "(.*)b(.*)",
    "a|b",
    "",
    "(",
    "[",
    "a{2,3}",
    "[[:alpha:]]+",
    "(x)*",
    "()",
    "\\.",
    "^a$",
    "(a|(b))+",
    "[^ ]*",
    "a**",
];

pub const JSON: &[&str] = &[
    "1",
    "-0.5e3",
    "\"s\"",
    "null",
    "true",
    "[1, 2.5, \"x\", null, false]",
    "{\"a\": {\"b\": [1]}, \"c\": \"\\u00e9\"}",
    "{}",
    "[]",
    "{\"a\": 1, \"a\": 2}",
    "18446744073709551615",
    "1e400",
    "[",
    "{\"a\" 1}",
    "\"\\ud800\"",
    "  [ ]  ",
    "nul",
];

pub const TOML: &[&str] = &[
    "a = 1",
    "[t]\nx = \"y\"\n",
    "a = [1, 2]\nb = { c = true }",
    "a = 1979-05-27T07:32:00Z",
    "a = ",
    "a = 1\na = 2",
    "[[x]]\ny = 1\n[[x]]\ny = 2",
    "f = 1.5e3\ni = 0x1f\ns = 'lit'",
    "\"quoted key\" = \"\"\"\nmulti\"\"\"",
    "a.b.c = 1",
    "x = inf\ny = nan",
    "",
];

pub const VERSIONS: &[&str] = &[
    "1.2.3",
    "1.2pre1",
    "2.0",
    "1.2.3a",
    "",
    "pre",
    "1.0.0-rc1",
    "10",
    "1..2",
];

pub const HASH_ALGOS: &[&str] = &["md5", "sha1", "sha256", "sha512", "sha3", ""];

pub const HASHES: &[&str] = &[
    "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73",
    "md5-1B2M2Y8AsgTpgAmY7PhCfg==",
    "nonsense",
];

pub const HASH_FORMATS: &[&str] = &["base16", "nix32", "base32", "base64", "sri", "hex"];

pub const FLAKE_REFS: &[&str] = &[
    "github:NixOS/nixpkgs",
    "github:NixOS/nixpkgs/nixos-23.11",
    "path:/tmp/x",
    "git+https://example.org/r.git?ref=main",
    "nixpkgs",
    "https://example.org/a.tar.gz",
    "tarball+https://example.org/a.tar.gz",
    "./relative",
    "github:a",
];

pub const FLAKE_REF_ATTRS: &[&str] = &[
    "{ type = \"github\"; owner = \"NixOS\"; repo = \"nixpkgs\"; }",
    "{ type = \"path\"; path = \"/tmp/x\"; }",
    "{ type = \"indirect\"; id = \"nixpkgs\"; }",
    "{ type = \"git\"; url = \"https://example.org/r.git\"; ref = \"main\"; }",
    "{ type = \"tarball\"; url = \"https://example.org/a.tar.gz\"; narHash = 1; }",
    "{ }",
];
