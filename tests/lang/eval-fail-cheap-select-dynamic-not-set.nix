# A thunk selecting from a value that is not a set, by a name held in a variable.
let
  s = [ 1 ];
  n = "a";
  v = s.${n};
in
v
