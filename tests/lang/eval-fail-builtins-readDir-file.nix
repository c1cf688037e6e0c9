builtins.readDir ./data-files/a.txt
