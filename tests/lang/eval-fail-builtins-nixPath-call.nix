builtins.nixPath "not a function"
