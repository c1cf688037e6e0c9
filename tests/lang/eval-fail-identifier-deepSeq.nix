# The trace names the attribute being forced as Nix prints identifiers.
builtins.deepSeq { "x y" = { "if" = throw "deep"; }; } null
