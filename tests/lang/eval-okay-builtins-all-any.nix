with builtins;
[
  (all (x: x > 0) [ 1 2 3 ])
  (all (x: x > 1) [ 1 2 3 ])
  (any (x: x == 2) [ 1 2 3 ])
  (any (x: x > 5) [ 1 2 3 ])
  (all isString [ "a" "é" "日本" ])
  (any (s: s == "日本") [ "a" "日本" ])
]
