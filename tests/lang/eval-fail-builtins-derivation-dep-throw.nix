# The chain of derivations is in the trace.
let
  inner = derivation { name = "inner"; builder = "/bin/sh"; system = "x"; boom = throw "deep"; };
in
(derivation { name = "outer"; builder = "/bin/sh"; system = "x"; dep = inner; }).outPath
