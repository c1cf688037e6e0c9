builtins.toFile "~bad" "x"
