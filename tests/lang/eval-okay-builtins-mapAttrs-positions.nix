# The attributes mapAttrs makes have no position; those of the set it maps had theirs.
let
  s = { a = 1; };
in
[
  (builtins.unsafeGetAttrPos "a" (builtins.mapAttrs (n: v: v) s))
  ((builtins.unsafeGetAttrPos "a" s).line)
]
