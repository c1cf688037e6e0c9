# CppNix 2.8 wraps around; current Nix reports the overflow.
builtins.sub (-9223372036854775807) 2
