# A builtin has no position, so the context line of a wrong result has none either.
builtins.concatMap builtins.head [ [ [ 1 ] ] [ 2 ] ]
