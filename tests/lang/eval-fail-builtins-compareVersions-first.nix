builtins.compareVersions null "1.0"
