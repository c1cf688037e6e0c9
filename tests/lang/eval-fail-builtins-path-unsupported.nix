builtins.path { path = ./data-files/a.txt; colour = "blue"; }
