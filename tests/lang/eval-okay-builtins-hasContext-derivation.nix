# Derivation outputs and drvPath carry context; strings derived from them keep it until it
# is discarded.
let
  drv = derivation { name = "x"; builder = "/b"; system = "s"; };
in
[
  (builtins.hasContext drv.outPath)
  (builtins.hasContext drv.drvPath)
  (builtins.hasContext "${drv}")
  (builtins.hasContext (builtins.substring 0 5 drv.outPath))
  (builtins.hasContext (builtins.unsafeDiscardStringContext drv.outPath))
  (builtins.hasContext drv.name)
  (builtins.attrNames (builtins.getContext drv.drvPath))
  (builtins.unsafeDiscardStringContext "${drv}" == drv.outPath)
]
