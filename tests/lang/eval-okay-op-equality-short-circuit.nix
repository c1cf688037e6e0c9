# `==` stops at the first difference and does not compare values of different sizes.
[
  ([ 1 (throw "not compared") ] == [ 2 (throw "not compared") ])
  ([ (throw "not compared") ] == [ 1 2 ])
  ({ a = throw "no"; } == { a = 1; b = 2; })
  ({ a = 1; } == { b = throw "no"; })
]
