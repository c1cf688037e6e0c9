# Limits of 64-bit integers that do not overflow, and float results of mixed operands.
with builtins;
[
  (add 9223372036854775806 1)
  (sub (-9223372036854775807) 1)
  (mul 4611686018427387903 2)
  (div 9223372036854775807 9223372036854775807)
  (div 5 (-1))
  (mul 0 (-1))
  (add 0.1 0.2)
  (typeOf (mul 2 1.0))
]
