builtins.hasContext 1
