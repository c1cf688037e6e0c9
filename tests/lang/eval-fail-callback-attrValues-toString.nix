builtins.toString (builtins.attrValues { a = "x"; b = 1; c = { }; })
