# An unsupported argument of fetchMercurial, as Nix prints identifiers.
builtins.fetchMercurial { url = "x"; "a.b" = 1; }
