# A builtin calls its callback from no place in the source: the error has no position.
builtins.foldl' (acc: 1) 0 [ 1 2 ]
