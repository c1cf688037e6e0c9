# A derivation's path has the derivation and all it depends on as its context, which the
# message names.
builtins.fromJSON (derivation { name = "x"; builder = "x"; system = "x"; }).drvPath
