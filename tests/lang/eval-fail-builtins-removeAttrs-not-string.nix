builtins.removeAttrs { a = 1; } [ "a" 1 ]
