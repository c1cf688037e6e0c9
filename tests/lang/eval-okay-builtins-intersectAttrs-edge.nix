# Empty and disjoint sets; the values are the second set's and stay unevaluated; big sets.
with builtins;
let
  big1 = listToAttrs (genList (i: { name = "k${toString i}"; value = i; }) 20000);
  big2 = listToAttrs (genList (i: { name = "k${toString (i * 2)}"; value = -i; }) 20000);
in
[
  (intersectAttrs { } { a = 1; })
  (intersectAttrs { a = 1; } { })
  (intersectAttrs { a = 1; } { b = 1; })
  (attrNames (intersectAttrs { a = throw "no"; } { a = throw "no"; }))
  (length (attrNames (intersectAttrs big1 big2)))
  (intersectAttrs big1 big2).k200
]
