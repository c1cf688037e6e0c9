# A dynamic attribute name must not refer to store paths, as in Nix (forceStringNoCtx).
let n = "a${builtins.toFile "x" "y"}"; in { ${n} = 1; }
