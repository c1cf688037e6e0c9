(import ./imports/syntax-error.nix).a
