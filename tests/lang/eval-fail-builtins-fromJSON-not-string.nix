# The argument must be a string.
builtins.fromJSON { a = 1; }
