# An array of four million integers, from eight megabytes of text.
let
  double = s: s + s;
  pow = n: s: if n == 0 then s else pow (n - 1) (double s);
in
builtins.length (builtins.fromTOML ("a = [" + pow 22 "0," + "0]")).a
