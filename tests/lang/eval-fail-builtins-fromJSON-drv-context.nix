# A derivation's path has the derivation and all it depends on as its context, which the
# message names as current Nix does ("PATH (deep)"), as for every builtin that reads a
# string without context.
builtins.fromJSON (derivation { name = "x"; builder = "x"; system = "x"; }).drvPath
