# An argument of fetchGit of the wrong type, named as Nix prints identifiers.
builtins.fetchGit { url = "x"; "a b" = [ ]; }
