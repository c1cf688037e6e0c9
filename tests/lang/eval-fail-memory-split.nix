# A match at each of a million bytes: a part and a list of groups for each.
let
  double = s: s + s;
  pow = n: s: if n == 0 then s else pow (n - 1) (double s);
in
builtins.length (builtins.split "(x)" (pow 20 "x"))
