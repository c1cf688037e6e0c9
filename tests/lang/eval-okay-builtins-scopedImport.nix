# The scope's attributes are variables in the file, in front of the builtins.
[
  (scopedImport { a = 1; b = 2; } ./data-files/scoped.nix)
  (scopedImport { a = "x"; b = "y"; } ./data-files/scoped.nix)
  (scopedImport { builtins = { readFile = _: "shadowed"; }; } ./data-files/reads-a.nix)
  (scopedImport { } ./data-files/reads-a.nix)
]
