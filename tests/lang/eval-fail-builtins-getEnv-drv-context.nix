# A derivation's path has the derivation and all it depends on as its context, which the
# message names as current Nix does ("PATH (deep)").
builtins.getEnv (derivation { name = "x"; builder = "x"; system = "x"; }).drvPath
