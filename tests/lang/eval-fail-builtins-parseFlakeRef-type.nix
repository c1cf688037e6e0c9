# CppNix 2.8 lacks parseFlakeRef; the message is current Nix's (prim_parseFlakeRef).
builtins.parseFlakeRef { type = "github"; }
