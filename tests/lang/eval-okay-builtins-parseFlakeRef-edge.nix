# CppNix 2.8 (the oracle) has no parseFlakeRef; the expectation follows current Nix's
# libflake unit tests: repeated slashes and percent-encoding are normalised.
with builtins;
map parseFlakeRef [
  "nixpkgs/branch////"
  "flake:/nixpkgs///branch////"
  "github://////owner%42/////repo%41///branch%43////"
  "gitlab:/owner%252Fsubgroup/////repo%41///branch%43////"
]
