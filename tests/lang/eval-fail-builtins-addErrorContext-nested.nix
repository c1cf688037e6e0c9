let
  f = n: if n == 0 then 1 + "x" else builtins.addErrorContext "in step ${toString n}" (f (n - 1));
in
f 2
