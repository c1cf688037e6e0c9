let
  nest = n: builtins.foldl' (acc: _: [ acc ]) [ ] (builtins.genList (x: x) n);
  a = nest 100000;
  b = nest 100000;
  depth = l: let go = l: d: if l == [ ] then d else go (builtins.head l) (d + 1); in go l 0;
in
[ (a == b) (builtins.deepSeq a true) (depth a) ]
