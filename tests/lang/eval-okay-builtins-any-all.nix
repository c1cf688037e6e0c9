# any and all stop at the first decisive element.
with builtins;
[
  (any (x: x > 1) [ 1 2 (throw "not reached") ])
  (all (x: x < 2) [ 1 2 (throw "not reached") ])
  (any (x: x) [ ])
  (all (x: x) [ ])
  (any isNull [ 1 null ])
]
