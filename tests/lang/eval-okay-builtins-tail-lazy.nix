# tail does not evaluate the elements; a long list; the empty rest.
[
  (builtins.tail [ 1 ])
  (builtins.tail [ (throw "head not evaluated") 2 ])
  (builtins.length (builtins.tail (builtins.genList (x: x) 100000)))
  (builtins.head (builtins.tail (builtins.tail [ 1 2 3 ])))
  (builtins.length (builtins.tail [ 1 (throw "lazy") (abort "lazy") ]))
]
