# The most negative integer divided by -1 overflows (CppNix 2.8 says "overflow in integer
# division"; current Nix names the operands).
builtins.div (-9223372036854775807 - 1) (-1)
