# Current Nix: floats outside the range of integers are an error (CppNix 2.8 converts them
# with undefined behaviour).
builtins.floor 1.0e30
