builtins.substring 0 2 [ "abc" ]
