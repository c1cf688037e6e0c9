# A failing application inside a deeply forced set is caught, and fails again when forced
# again (it is not left half-evaluated).
let
  s = builtins.mapAttrs (n: builtins.throw) { a = "no"; };
in
[
  (builtins.tryEval (builtins.deepSeq s 1))
  (builtins.tryEval (builtins.deepSeq s 1))
  (builtins.tryEval s.a)
]
