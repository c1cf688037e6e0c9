import ./x.nix
