# Empty input, only empty results, lazy elements, a big input.
with builtins;
[
  (concatMap (x: [ x ]) [ ])
  (concatMap (x: [ ]) [ 1 2 3 ])
  (length (concatMap (x: [ (throw "not forced") ]) [ 1 2 ]))
  (length (concatMap (x: [ x x ]) (genList (x: x) 100000)))
]
