# A selected argument whose attribute is missing fails where it is used, at the select.
let
  f = x: x + 1;
  s = { a = 1; };
in
builtins.seq s (f s.b)
