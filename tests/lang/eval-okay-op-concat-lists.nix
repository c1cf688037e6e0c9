# `++` on lists: empty on either side, nested lists kept as elements, laziness of elements.
[
  ([ ] ++ [ ])
  ([ 1 ] ++ [ ])
  ([ ] ++ [ 2 ])
  ([ 1 2 ] ++ [ 3 ] ++ [ 4 5 ])
  ([ [ 1 ] ] ++ [ [ 2 ] ])
  (builtins.length ([ (throw "lazy") ] ++ [ (throw "lazy") ]))
]
