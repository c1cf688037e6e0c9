builtins.bitXor 1.0 1
