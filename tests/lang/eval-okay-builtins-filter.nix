# filter keeps the order and the elements for which the predicate is true.
with builtins;
[
  (filter (x: x > 2) [ 1 2 3 4 ])
  (filter (x: true) [ ])
  (filter (x: false) [ 1 2 ])
  (filter (x: x ? a) [ { a = 1; } { b = 2; } ])
  (filter isString [ 1 "a" null "b" ])
]
