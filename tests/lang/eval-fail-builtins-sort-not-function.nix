builtins.sort "lessThan" [ 1 2 ]
