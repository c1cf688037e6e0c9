builtins.attrNames "not a set"
