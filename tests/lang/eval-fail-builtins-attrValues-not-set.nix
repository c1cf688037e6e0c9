builtins.attrValues [ 1 2 ]
