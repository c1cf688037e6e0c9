# Interpolating a 16 MB string six times: the result, 96 MB, is checked before it is made.
let
  double = s: s + s;
  pow = n: s: if n == 0 then s else pow (n - 1) (double s);
  s = pow 24 "x";
in
builtins.stringLength "${s}${s}${s}${s}${s}${s}"
