# CppNix 2.8 (the oracle) has no flake-reference builtins; parsing and printing again
# gives the normalised URL (current Nix's libflake InputFromURLTest).
with builtins;
map (s: flakeRefToString (parseFlakeRef s)) [
  "github:NixOS/nixpkgs/23.05?dir=lib"
  "nixpkgs/branch////"
  "github://////owner%42/////repo%41///branch%43////"
  "/foo/bar"
  "git+https://somewhere.aaaaaaa/repo?ref=branch"
]
