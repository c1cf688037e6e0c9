# The same list of a million elements a hundred thousand times: the result would take
# 1.6 TB, checked before it is allocated.
let
  hundred = builtins.genList (x: x) 100;
  million = builtins.concatLists (builtins.genList (_: hundred) 10000);
in
builtins.length (builtins.concatLists (builtins.genList (_: million) 100000))
