# inherit: several names at once, from an expression evaluated once, quoted names, and
# from a set that is forced only when an inherited attribute is.
let
  src = { a = 1; b = 2; "c d" = 3; };
  x = 4;
in
[
  { inherit x; inherit (src) a b; }
  { inherit (src) "c d"; }
  (builtins.attrNames { inherit (throw "not forced") p q; })
  (let inherit (src) a; in a)
  { inherit ({ n = 5; }) n; }
]
