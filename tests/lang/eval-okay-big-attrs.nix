# A set of 50,000 attributes built with listToAttrs, looked up and updated.
let
  n = 50000;
  s = builtins.listToAttrs (builtins.genList (i: { name = "k${toString i}"; value = i; }) n);
in
[
  (builtins.length (builtins.attrNames s))
  s.k0
  s.k49999
  (s // { k0 = "replaced"; }).k0
  (builtins.hasAttr "k25000" s)
  (builtins.length (builtins.attrValues (builtins.mapAttrs (n: v: v + 1) s)))
]
