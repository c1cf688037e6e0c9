# A function of one addition still reports an overflow, from its own body.
builtins.foldl' (a: b: a + b) 0 [ 1 9223372036854775807 ]
