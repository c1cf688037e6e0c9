# Current Nix's wording (2.8 says it differently).
builtins.toFile "f" "${derivation { name = "d"; builder = "/bin/sh"; system = "x"; }}"
