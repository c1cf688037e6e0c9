builtins.sub 1 [ ]
