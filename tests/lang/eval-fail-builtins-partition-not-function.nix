builtins.partition true [ 1 ]
