# A thunk selecting by a name that is not a string reports it from its code.
let
  s = { a = 1; };
  n = 1;
  v = s.${n};
in
v
