builtins.any (x: assert x < 2; false) [ 1 2 ]
