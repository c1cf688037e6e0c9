# An output path has that output of its derivation as its context, which the message names
# as current Nix does ("DRV^OUTPUT").
builtins.fromTOML (derivation { name = "x"; builder = "x"; system = "x"; }).outPath
