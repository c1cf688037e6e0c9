# Unary minus on ints and floats, and on expressions.
let x = 5; in
[
  (-x)
  (- -x)
  (-(1.5))
  (-0.0)
  (0 - x)
  (-(x * 2))
  (builtins.sub 0 x)
]
