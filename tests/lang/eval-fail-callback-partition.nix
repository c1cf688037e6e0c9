builtins.partition (x: x + 1) [ 1 ]
