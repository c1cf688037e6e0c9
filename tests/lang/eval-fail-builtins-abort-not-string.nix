builtins.abort { }
