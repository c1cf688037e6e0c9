builtins.placeholder [ ]
