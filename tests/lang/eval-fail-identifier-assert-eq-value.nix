# The attribute whose values differ is named as Nix prints identifiers.
assert { "a b" = 1; } == { "a b" = 2; };
null
