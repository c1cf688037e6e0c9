# Without --show-trace, the trace is cut short, but every addErrorContext line is kept.
let
  down = n: if n == 0 then throw "bottom" else builtins.addErrorContext "at level ${toString n}" (down (n - 1));
in
down 7
