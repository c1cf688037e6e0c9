builtins.concatMap (x: x) [ [ 1 ] 2 ]
