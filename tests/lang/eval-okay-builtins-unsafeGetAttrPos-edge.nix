# Missing attributes give null; inherited and recursive attributes have positions.
# An inherited attribute is at its name, as in current Nix (CppNix 2.8 reports the column
# before it).
with builtins;
let
  x = 1;
  s = rec { inherit x; n.m = 2; r = n; };
  pos = name: set: let p = unsafeGetAttrPos name set; in [ p.line p.column ];
in
[
  (unsafeGetAttrPos "missing" s)
  (unsafeGetAttrPos "a" { })
  (pos "x" s)
  (pos "n" s)
  (pos "r" s)
]
