builtins.readFile ./data-files/no-such-file
