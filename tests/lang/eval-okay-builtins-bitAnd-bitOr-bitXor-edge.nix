# Negative numbers are two's complement; the extremes of 64-bit integers.
with builtins;
let max = 9223372036854775807; min = -max - 1; in
[
  (bitAnd (-1) 42)
  (bitOr (-8) 3)
  (bitXor (-1) 0)
  (bitAnd max min)
  (bitOr max min)
  (bitXor max (-1) == min)
  (bitAnd min (-1) == min)
]
