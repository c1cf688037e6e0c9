# Functions whose body is one arithmetic operation, comparison or attribute selection give
# the same results whether their arguments are evaluated numbers, floats, strings or thunks.
let
  inc = x: x + 1;
  half = x: x / 2;
  key = x: x.key;
  lt = a: b: a < b;
  mixed = [ 3 1.5 2 (1 + 1) 0.5 ];
in
[
  (inc 1)
  (inc 1.5)
  (half 7)
  (half 7.0)
  (map inc [ 1 (2 + 3) 2.5 ])
  (map key [ { key = 1; } { key = "a"; } { key = 1 + 1; } ])
  (builtins.sort lt mixed)
  (builtins.sort lt [ "b" "a" "c" ])
  (builtins.sort (a: b: a > b) [ 1 3 2 ])
  (builtins.filter (x: x > 1) mixed)
  (builtins.foldl' (a: b: a + b) 0 [ 1 2 3 ])
  (builtins.foldl' (a: b: a * b) 1.5 [ 2 2 ])
  (builtins.foldl' (a: b: a + b) "" [ "x" "y" ])
  (lt 1 2)
  (lt "a" "b")
  (builtins.genList (i: i * i) 4)
  (map (x: x == 2) [ 2 2.0 "2" ])
]
