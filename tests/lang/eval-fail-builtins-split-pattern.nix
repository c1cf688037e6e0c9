builtins.split null "a,b"
