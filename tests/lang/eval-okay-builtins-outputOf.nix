# builtins.outputOf (dynamic-derivations) of a derivation nixvm instantiated: the output's
# path. Needs builtins.unsafeDiscardOutputDependency (from another part of nixvm) to turn
# drvPath's context into a plain one. Nix 2.8 has no outputOf: the expected output is the
# oracle's `outPath` of the same derivations, as current Nix's source says it should be.
let
  d = derivation { name = "d"; builder = "/bin/sh"; system = "x"; outputs = [ "out" "dev" ]; };
  drv = builtins.unsafeDiscardOutputDependency d.drvPath;
in
[ (builtins.outputOf drv "out") (builtins.outputOf drv "dev") ]
