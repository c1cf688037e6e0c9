builtins.hasContext [ "a" ]
