builtins.toFile "f" ./data-files/a.txt
