# The values come from the second set; neither set's values are evaluated; large sets.
let
  big = builtins.listToAttrs (builtins.genList (i: { name = "n${toString i}"; value = i; }) 1000);
  evens = builtins.listToAttrs (builtins.genList (i: { name = "n${toString (i * 2)}"; value = null; }) 600);
in
[
  (builtins.intersectAttrs { a = 1; b = 2; } { b = 3; c = 4; })
  (builtins.intersectAttrs { a = throw "first"; } { a = 5; })
  (builtins.attrNames (builtins.intersectAttrs { a = 0; c = 0; } { c = throw "lazy"; d = 0; a = 1; }))
  (builtins.intersectAttrs { } big)
  (builtins.intersectAttrs big { })
  (builtins.length (builtins.attrNames (builtins.intersectAttrs evens big)))
  (builtins.getAttr "n998" (builtins.intersectAttrs evens big))
]
