builtins.concatMap "f" [ 1 ]
