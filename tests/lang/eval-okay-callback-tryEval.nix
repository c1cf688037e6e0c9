# tryEval catches a throw raised inside a builtin's callback, at any depth.
with builtins;
[
  (tryEval (deepSeq (map (x: throw "in map") [ 1 ]) 1))
  (tryEval (sort (a: b: throw "in sort") [ 1 2 ]))
  (tryEval (foldl' (a: x: throw "in foldl") 0 [ 1 ]))
  (tryEval (filter (x: throw "in filter") [ 1 ]))
  (tryEval (mapAttrs (n: v: throw "in mapAttrs") { a = 1; }).a)
  (tryEval (genericClosure { startSet = [ { key = 1; } ]; operator = x: throw "in operator"; }))
  (tryEval (toJSON { a = throw "in toJSON"; }))
  (tryEval (concatMap (x: assert false; [ ]) [ 1 ]))
  (tryEval (all (x: throw "in all") [ 1 ]))
]
