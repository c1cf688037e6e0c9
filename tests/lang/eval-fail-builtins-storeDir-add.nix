builtins.storeDir + 1
