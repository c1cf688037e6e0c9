builtins.parseDrvName [ ]
