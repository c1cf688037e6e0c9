# An empty list never looks at the element; numbers compare across int and float; the
# search stops at the first match; a big list.
with builtins;
[
  (elem (throw "not forced") [ ])
  (elem 1 [ 1.0 ])
  (elem 2.5 [ 1 2 ])
  (elem 3 [ 1 2 3 (throw "not reached") ])
  (elem 99999 (genList (x: x) 100000))
  (elem 100000 (genList (x: x) 100000))
  (elem "1" [ 1 ])
  (elem [ ] [ [ ] ])
]
