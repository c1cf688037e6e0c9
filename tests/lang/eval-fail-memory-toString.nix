# toString of a list holding one megabyte string a hundred times.
let
  double = s: s + s;
  pow = n: s: if n == 0 then s else pow (n - 1) (double s);
  mb = pow 20 "x";
in
builtins.stringLength (toString (builtins.genList (_: mb) 100))
