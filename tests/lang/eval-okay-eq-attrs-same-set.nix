# A set compared with itself: each attribute is one cell, equal to itself once forced,
# whatever it holds (a function, a NaN); two sets with the same attributes made apart
# compare their values.
let
  toml = builtins.fromTOML "x = nan\ny = 1";
  s = { f = x: x; n = 1; l = [ 1 2 ]; inner = { g = y: y; }; lazy = 1 + 1; };
  d = derivation { name = "d"; system = "x"; builder = "/bin/sh"; };
  layered = s // { extra = toml.x; };
in
[
  (toml == toml)
  (toml == builtins.fromTOML "x = nan\ny = 1")
  (s == s)
  (s.inner == s.inner)
  (s == s // { })
  (s == { inherit (s) f n l inner lazy; })
  (layered == layered)
  (d == d)
  (builtins.tryEval ({ a = throw "forced"; } == { a = throw "forced"; })).success
]
