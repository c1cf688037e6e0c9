builtins.placeholder (builtins.toFile "n" "out")
