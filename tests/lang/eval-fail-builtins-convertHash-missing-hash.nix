# CppNix 2.8 lacks convertHash; the messages are current Nix's (prim_convertHash).
builtins.convertHash { toHashFormat = "sri"; }
