# Names that are not identifiers, computed names, and the value stays lazy until used.
let
  s = { "" = 0; "é" = 1; "a b" = 2; ab = 3; "1" = 4; lazy = throw "not forced"; };
in
[
  (builtins.getAttr "" s)
  (builtins.getAttr "é" s)
  (builtins.getAttr "a b" s)
  (builtins.getAttr "a${"b"}" s)
  (builtins.getAttr (toString 1) s)
  (builtins.isFunction (builtins.getAttr "getAttr" builtins))
  (builtins.length [ (builtins.getAttr "lazy" s) ])
]
