# map applies lazily: the function is not called for elements never forced.
with builtins;
[
  (map (x: x + 1) [ 1 2 ])
  (map (x: x) [ ])
  (length (map (x: throw "not called") [ 1 2 ]))
  (map (f: f 2) [ (x: x * 10) (x: x - 1) ])
  (map toString [ 1 "a" ])
]
