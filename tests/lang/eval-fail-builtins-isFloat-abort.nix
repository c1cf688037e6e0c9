builtins.isFloat (abort "isFloat forces its argument")
