builtins.intersectAttrs { a = 1; } null
