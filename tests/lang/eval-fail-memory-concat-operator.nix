# `++` of a list of three million elements with itself: 96 MB, more than the limit.
let
  hundred = builtins.genList (x: x) 100;
  l = builtins.concatLists (builtins.genList (_: hundred) 30000);
in
builtins.length (l ++ l)
