with builtins;
[
  (sort lessThan [ 3 1 2 ])
  (sort (a: b: a > b) [ 3 1 2 5 4 ])
  (sort lessThan [ "b" "a" "ä" "B" "日本" ])
  (sort lessThan [ 2.5 1 (-3) 2 ])
  (sort lessThan [ [ 2 ] [ 1 2 ] [ 1 ] [ ] ])
  (sort (a: b: a.n < b.n) [ { n = 2; } { n = 1; } ])
]
