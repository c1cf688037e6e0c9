builtins.findFile [ { prefix = "a"; path = ./data-files; } ] "a/no-such-file"
