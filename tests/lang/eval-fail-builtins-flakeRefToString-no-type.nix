# CppNix 2.8 lacks flakeRefToString; the message is current Nix's (Input::fromAttrs).
builtins.flakeRefToString { owner = "NixOS"; repo = "nixpkgs"; }
