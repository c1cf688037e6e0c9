# A negative integer argument of fetchGit, named as Nix prints identifiers.
builtins.fetchGit { url = "x"; "a b" = -1; }
