builtins.listToAttrs [ { name = "a"; } { name = 1; value = 2; } ]
