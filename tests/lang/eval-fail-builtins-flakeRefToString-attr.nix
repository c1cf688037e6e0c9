# CppNix 2.8 lacks flakeRefToString; the message is current Nix's (Input::fromAttrs).
builtins.flakeRefToString { type = "github"; owner = "NixOS"; repo = "nixpkgs"; colour = "red"; }
