# CppNix 2.8 lacks flakeRefToString; the message is current Nix's (prim_flakeRefToString).
builtins.flakeRefToString { type = "github"; owner = [ "NixOS" ]; repo = "nixpkgs"; }
