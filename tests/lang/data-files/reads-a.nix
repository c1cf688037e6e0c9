builtins.readFile ./a.txt
