# A list holding the same megabyte string a hundred times is small; its JSON is not.
let
  double = s: s + s;
  pow = n: s: if n == 0 then s else pow (n - 1) (double s);
  mb = pow 20 "x";
in
builtins.stringLength (builtins.toJSON (builtins.genList (_: mb) 100))
