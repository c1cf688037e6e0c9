builtins.mul null 2
