# A placeholder is a plain string until the builder sees it; it changes the derivation.
let
  d = builtins.derivationStrict { name = "p"; builder = "/bin/sh"; system = "x"; x = builtins.placeholder "out"; };
in
[ (builtins.placeholder "out") d.out ]
