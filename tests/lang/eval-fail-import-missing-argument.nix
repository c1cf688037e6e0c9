import ./imports/function.nix { }
