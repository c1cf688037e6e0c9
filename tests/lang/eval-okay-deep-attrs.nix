# A set nested 10,000 deep is built, compared with itself and walked.
let
  n = 10000;
  deep = builtins.foldl' (acc: i: { next = acc; inherit i; }) { end = true; } (builtins.genList (x: x) n);
  depth = s: if s ? next then 1 + depth s.next else 0;
in
[ (depth deep) (deep == deep) (deep.i) ]
