builtins.compareVersions "1.0" 2
