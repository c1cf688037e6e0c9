# Tiny magnitudes, halves and negative values round away from or toward zero as they should.
[
  (builtins.ceil 5.0e-300)
  (builtins.floor 5.0e-300)
  (builtins.ceil (-5.0e-300))
  (builtins.floor (-5.0e-300))
  (builtins.ceil (-0.5))
  (builtins.floor (-0.5))
  (builtins.ceil 2.5)
  (builtins.floor 2.5)
  (builtins.typeOf (builtins.ceil 1.5))
  (builtins.floor (-9223372036854775807 - 1))
]
