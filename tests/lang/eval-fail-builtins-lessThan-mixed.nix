builtins.lessThan 1 "a"
