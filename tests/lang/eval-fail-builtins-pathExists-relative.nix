builtins.pathExists "data-files/a.txt"
