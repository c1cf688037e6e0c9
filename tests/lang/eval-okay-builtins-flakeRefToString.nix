# CppNix 2.8 (the oracle) has no flakeRefToString; the expectation follows current Nix's
# lang test eval-okay-flake-ref-to-string and its libflake unit tests.
with builtins;
map flakeRefToString [
  { type = "github"; owner = "NixOS"; repo = "nixpkgs"; ref = "23.05"; dir = "lib"; }
  { type = "indirect"; id = "nixpkgs"; }
  { type = "indirect"; id = "nixpkgs"; ref = "branch"; }
  { type = "git"; url = "https://somewhere.aaaaaaa/repo"; ref = "branch"; }
  { type = "path"; path = "/foo/bar"; revCount = 123; }
  { type = "gitlab"; owner = "owner%2Fsubgroup"; repo = "repoA"; ref = "branchC"; }
  { type = "tarball"; url = "http://localhost:8181/test/+3d.tar.gz"; }
]
