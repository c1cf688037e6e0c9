# concatMap returning the same list of a million elements a hundred thousand times.
let
  hundred = builtins.genList (x: x) 100;
  million = builtins.concatLists (builtins.genList (_: hundred) 10000);
in
builtins.length (builtins.concatMap (_: million) (builtins.genList (x: x) 100000))
