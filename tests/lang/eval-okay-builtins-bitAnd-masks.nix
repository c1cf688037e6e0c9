# Masks, shifts done by hand, partial application, and the sign bit.
let
  min = -9223372036854775807 - 1;
  lowByte = builtins.bitAnd 255;
in
[
  (map lowByte [ 0 255 256 4660 (-1) ])
  (builtins.bitOr 4096 (builtins.bitAnd 255 4660))
  (builtins.bitXor 123456789 987654321)
  (builtins.bitAnd min (-1))
  (builtins.bitOr min 1)
  (builtins.bitXor min min)
  (builtins.bitAnd 0 (-1))
]
