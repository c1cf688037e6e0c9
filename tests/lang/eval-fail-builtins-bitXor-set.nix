builtins.bitXor { } 1
