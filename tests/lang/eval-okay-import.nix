let lib = import ./lib-id.nix; in [ (lib 3) (import ./lib-set.nix).value ]
