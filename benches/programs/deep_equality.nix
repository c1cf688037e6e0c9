# Deep structural equality and deep forcing of nested lists and sets.
let
  inherit (builtins) genList foldl' deepSeq;
  tree = d: if d == 0 then { leaf = d; } else { l = tree (d - 1); r = [ (tree (d - 1)) d ]; };
  a = tree 16;
  b = tree 16;
in
deepSeq a (a == b)
