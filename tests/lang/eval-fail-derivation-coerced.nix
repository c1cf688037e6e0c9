# An error shows `derivation` as the lambda it is in Nix.
"${derivation}"
