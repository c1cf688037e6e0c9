# Floats print with six significant digits.
with builtins;
[
  (toString 0.1)
  (toString 3.14159265)
  (toString 100.0)
  (toString 1.0e10)
  (toString 123456789.0)
  (toString (-0.5))
]
