builtins.splitVersion { }
