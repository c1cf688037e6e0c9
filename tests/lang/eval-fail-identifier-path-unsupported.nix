# An unsupported argument of builtins.path, as Nix prints identifiers.
builtins.path { path = ./.; "file name" = 1; }
