# The trace names the attribute being converted as Nix prints identifiers.
builtins.toJSON { "a b" = throw "json"; }
