# An empty start set; a long chain; a wide graph.
with builtins;
let
  mod = a: b: a - (a / b) * b;
  chain = genericClosure { startSet = [ { key = 0; } ]; operator = x: if x.key < 20000 then [ { key = x.key + 1; } ] else [ ]; };
  n = 10000;
  graph = genericClosure { startSet = [ { key = 0; } ]; operator = x: map (k: { key = k; }) [ (mod (x.key * 2 + 1) n) (mod (x.key * 7 + 3) n) ]; };
in
[
  (genericClosure { startSet = [ ]; operator = x: [ ]; })
  (length chain)
  (elemAt chain 20000).key
  (length graph)
  (foldl' (a: b: a + b.key) 0 graph)
]
