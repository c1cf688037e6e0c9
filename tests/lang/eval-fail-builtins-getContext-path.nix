# No coercion: a path is not a string.
builtins.getContext ./dir5
