# A thunk selecting a missing attribute by a name held in a variable reports it from its code.
let
  s = { a = 1; b = 2; };
  n = "c";
  v = s.${n};
in
v + 1
