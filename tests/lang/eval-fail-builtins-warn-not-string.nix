# CppNix 2.8 has no warn; current Nix requires a string message.
builtins.warn 1 2
