builtins.readDir ./data-files/no-such-dir
