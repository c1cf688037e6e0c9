builtins.div true 1
