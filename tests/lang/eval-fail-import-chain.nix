import ./imports/chain-a.nix { n = 0; }
