# A duplicate quoted name, shown as Nix prints identifiers.
{ "a b" = 1; "a b" = 2; }
