builtins.isNull (abort "evaluated")
