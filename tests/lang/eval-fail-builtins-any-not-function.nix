builtins.any 1 [ 1 ]
