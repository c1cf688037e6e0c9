# `toString` evaluates the elements of a list from no place in the source, as Nix does: the
# builtin called lazily for an element has no call site of its own (none in Nix), so it is
# located at the call of `map` that made it.
toString (map (builtins.getAttr "x") [ { x = "found"; } { y = 1; } ])
