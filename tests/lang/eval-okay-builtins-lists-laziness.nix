# map looks at its function only for a non-empty list; foldl' returns the initial value
# of an empty list.
with builtins;
[
  (map 1 [ ])
  (length (map (x: throw "lazy") [ 1 2 ]))
  (genList (x: x) 0)
  (foldl' (a: b: a + b) 0 [ ])
  (foldl' (a: b: b) 0 [ 1 2 ])
  (concatLists [ [ ] [ 1 ] [ ] ])
  (elemAt [ 1 2 3 ] 2)
]
