# Integer division truncates toward zero; a float operand makes the result a float; the
# extremes of 64-bit integers that do not overflow.
let max = 9223372036854775807; in
[
  (builtins.div (-7) 2)
  (builtins.div 7 (-2))
  (builtins.div (-7) (-2))
  (builtins.div (-7.0) 2)
  (builtins.div 0 5)
  (builtins.div 1 3.0 == 1 / 3.0)
  (builtins.sub 1 1.0)
  (builtins.typeOf (builtins.sub 1 1.0))
  (builtins.sub max max)
  (builtins.sub 0 max)
  (builtins.mul (-1) (-max))
  (builtins.mul (-1) max)
  (builtins.mul 0.5 (-4))
  (map (builtins.mul 3) [ 1 2 3 ])
]
