builtins.isFunction (abort "argument forced")
