# Current Nix reports integer overflow; CppNix 2.8 silently wraps around.
9223372036854775807 + 1
