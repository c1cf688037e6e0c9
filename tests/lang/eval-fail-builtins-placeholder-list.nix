builtins.placeholder [ "out" ]
