# builtins.toJSON prints floats as current Nix does (nlohmann's shortest round-trip digits,
# with ".0" on integral values and an exponent outside 1e-5..1e15). CppNix 2.8 printed
# them with %g (six digits, "1" for 1.0), so this expectation follows current Nix.
builtins.toJSON [
  1.0
  0.1
  1.5
  (-2.25)
  0.0
  (builtins.fromJSON "-0.0")
  (1.0 / 3.0)
  (0.1 + 0.2)
  123456789.123
  100000000000000.0
  1.0e15
  1.0e20
  0.0001
  0.00001
  1.5e-7
  1.7976931348623157e308
  # The smallest subnormal: as a literal Nix rejects it ("invalid float", strtod's range error).
  (2.0e-300 / 4.0e23)
  3.14159
  2.5e300
]
