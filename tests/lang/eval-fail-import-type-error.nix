let f = import ./imports/type-error.nix; in f 1
