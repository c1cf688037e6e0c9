builtins.bitAnd 1 "2"
