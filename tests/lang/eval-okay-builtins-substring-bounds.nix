# Current Nix compares offsets as unsigned 64-bit numbers: a start past the end gives "",
# and any negative length means "to the end". CppNix 2.8 (the oracle) overflows on the
# first two and returns "" for the last; the expectation follows current Nix's source
# (prim_substring) and documentation.
with builtins;
[
  (substring 9223372036854775807 9223372036854775807 "abc")
  (substring 1 9223372036854775807 "abc")
  (substring 1 (-9223372036854775807 - 1) "abc")
  (substring 2 (-2) "abc")
]
