# head and tail, and that tail does not force elements.
with builtins;
[
  (head [ 1 2 ])
  (tail [ 1 2 ])
  (tail [ 1 ])
  (head [ [ ] ])
  (length (tail [ 1 (throw "lazy") (throw "lazy") ]))
  (head (tail (tail [ 1 2 3 ])))
]
