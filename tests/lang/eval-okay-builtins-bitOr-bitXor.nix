# bitOr and bitXor on negative numbers and zero.
with builtins;
[
  (bitOr 0 0)
  (bitOr 5 3)
  (bitOr (-1) 0)
  (bitXor 5 3)
  (bitXor (-1) 1)
  (bitXor 6 6)
  (bitAnd (-8) 7)
]
