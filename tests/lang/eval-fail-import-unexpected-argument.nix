import ./imports/function.nix { required = 1; other = 2; }
