builtins.readFile "data-files/a.txt"
