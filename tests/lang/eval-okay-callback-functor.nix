# Builtins take a set with `__functor` wherever they take a function.
with builtins;
let
  inc = { __functor = self: x: x + self.step; step = 1; };
  lt = { __functor = self: a: b: a < b; };
  add = { __functor = self: a: b: a + b; };
in
[
  (map inc [ 1 2 ])
  (filter { __functor = self: x: x > 1; } [ 1 2 3 ])
  (sort lt [ 3 1 2 ])
  (genList inc 3)
  (foldl' add 0 [ 1 2 3 ])
  (mapAttrs { __functor = self: n: v: "${n}=${toString v}"; } { a = 1; })
  (concatMap { __functor = self: x: [ x x ]; } [ 1 ])
  (all { __functor = self: x: x; } [ true ])
  (partition { __functor = self: x: x > 1; } [ 1 2 ])
  (genericClosure { startSet = [ { key = 1; } ]; operator = { __functor = self: x: [ ]; }; })
]
