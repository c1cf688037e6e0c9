# The attribute compared, and a name only one side has, as Nix prints identifiers.
assert { "a b" = { "1" = 1; }; } == { "a b" = { "2" = 1; }; };
null
