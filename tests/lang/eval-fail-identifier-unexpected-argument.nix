# A name that is not an identifier is shown as a string literal, as Nix prints identifiers.
({ name, type, hasExt }: true) { name = "a"; type = "regular"; hasExt = x: false; "lib.fileset: the predicate must take more; use `{ name, ... }:`" = null; }
