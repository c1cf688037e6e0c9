# Elements of nested lists that cannot be compared: one context line, however deep.
builtins.lessThan [ 0 [ 1 ] ] [ 0 [ "a" ] ]
