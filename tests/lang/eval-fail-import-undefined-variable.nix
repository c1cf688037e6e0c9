(import ./imports/undefined.nix).value
