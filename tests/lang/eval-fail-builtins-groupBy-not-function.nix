builtins.groupBy { } [ 1 ]
