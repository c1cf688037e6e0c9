(import ./imports/lazy-throw.nix).nested.deeper
