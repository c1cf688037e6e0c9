builtins.appendContext { outPath = "x"; } { }
