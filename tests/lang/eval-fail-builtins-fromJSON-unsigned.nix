# Integers from 2^63 to 2^64-1 are outside Nix's integer range: current Nix rejects them
# (CppNix 2.8 wrapped them around to negative numbers).
builtins.fromJSON "[1, 9223372036854775808]"
