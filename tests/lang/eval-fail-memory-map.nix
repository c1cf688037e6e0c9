# map makes a thunk per element: for a million elements, far more than the list itself.
let
  hundred = builtins.genList (x: x) 100;
  l = builtins.concatLists (builtins.genList (_: hundred) 10000);
in
builtins.length (map (x: x + 1) l)
