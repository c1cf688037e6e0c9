(import ./imports/lazy-throw.nix).bad
