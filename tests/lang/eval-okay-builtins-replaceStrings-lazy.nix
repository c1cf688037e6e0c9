# Current Nix evaluates a replacement only when its pattern matches (and then only once),
# so an unused replacement may fail, and an unused replacement's context is not added.
# CppNix 2.8 (the oracle) evaluated all of them first; the expectation follows current
# Nix's documentation of builtins.replaceStrings.
with builtins;
let
  p = "/nix/store/yyy8aq3fgx9gp07jz4jpc1a1p5nbyc9b-two";
  r = appendContext "R" { ${p} = { path = true; }; };
in
[
  (replaceStrings [ "x" "b" ] [ (throw "not used") "B" ] "abc")
  (replaceStrings [ "a" "q" ] [ "A" (abort "never matched") ] "banana")
  (hasContext (replaceStrings [ "zzz" ] [ r ] "abc"))
  (hasContext (replaceStrings [ "b" ] [ r ] "abc"))
]
