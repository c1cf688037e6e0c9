# nixvm writes no .drv files (it has no store) and does not keep their text: reading one is
# refused as Nix refuses it when it evaluates without writing to its store.
let
  d = derivation { name = "drv-file"; builder = "/bin/sh"; system = "x"; };
in
builtins.readFile d.drvPath
