# CppNix 2.8 (the oracle) has no parseFlakeRef; the expectation follows current Nix's
# lang test eval-okay-parse-flake-ref and its libflake unit tests (InputFromURLTest).
with builtins;
map parseFlakeRef [
  "github:NixOS/nixpkgs/23.05?dir=lib"
  "nixpkgs"
  "nixpkgs/branch"
  "flake:nixpkgs/branch/a6b1b3bd5dc5dd7dd2e4ddd9ce6bd6bf2b7ea4a1"
  "git+https://somewhere.aaaaaaa/repo?ref=branch"
  "git://somewhere/repo?ref=branch"
  "/foo/bar"
  "path:/foo/bar?revCount=123"
  "github:NixOS/nixpkgs/a6b1b3bd5dc5dd7dd2e4ddd9ce6bd6bf2b7ea4a1"
  "gitlab:owner/repo"
  "sourcehut:~user/repo"
  "https://example.org/foo.tar.gz"
]
