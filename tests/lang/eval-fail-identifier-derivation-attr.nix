# The trace names the derivation attribute as Nix prints identifiers.
derivation { name = "a"; builder = "b"; system = "c"; "x y" = { }; }
