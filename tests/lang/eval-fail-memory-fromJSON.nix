# Two million nested lists from four megabytes of text.
let
  double = s: s + s;
  pow = n: s: if n == 0 then s else pow (n - 1) (double s);
in
builtins.fromJSON (pow 21 "[" + pow 21 "]")
