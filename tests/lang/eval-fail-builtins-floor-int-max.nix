# Current Nix refuses the largest integer, which older versions rounded through a float
# to 2^63 (undefined behaviour); CppNix 2.8 returns the most negative integer.
builtins.floor 9223372036854775807
