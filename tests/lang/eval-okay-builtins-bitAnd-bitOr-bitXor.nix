with builtins;
[
  (bitAnd 12 10)
  (bitOr 12 10)
  (bitXor 12 10)
  (bitAnd 255 15)
  (bitOr 0 0)
  (bitXor 5 5)
]
