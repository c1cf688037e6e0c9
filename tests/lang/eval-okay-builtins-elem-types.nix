# elem compares with ==: ints equal floats, sets and lists compare by value, functions are
# never equal, and it stops at the first match.
[
  (builtins.elem 1 [ 1.0 ])
  (builtins.elem { a = 1; } [ { a = 1; } ])
  (builtins.elem [ ] [ [ ] ])
  (builtins.elem (x: x) [ (x: x) ])
  (builtins.elem null [ ])
  (builtins.elem null [ null ])
  (builtins.elem "a" [ "b" "a" ])
  (builtins.elem "é" [ "e" ])
  (builtins.elem 1 [ 1 (throw "not reached") ])
  (builtins.elem 3 (builtins.genList (x: x) 100000))
]
