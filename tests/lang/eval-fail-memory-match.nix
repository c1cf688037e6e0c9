# Ten groups each holding the whole 16 MB subject.
let
  double = s: s + s;
  pow = n: s: if n == 0 then s else pow (n - 1) (double s);
in
builtins.length (builtins.match "((((((((((.*))))))))))" (pow 24 "x"))
