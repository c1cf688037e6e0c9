builtins.findFile [ { prefix = "a"; } ] "a"
