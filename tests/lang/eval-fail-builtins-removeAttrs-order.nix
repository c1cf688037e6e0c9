builtins.removeAttrs 1 (throw "the list is not forced when the set is wrong")
