# elem and == on values held in evaluated thunks: scalars are compared by value, a function
# only with itself; empty lists are equal whatever made them.
let
  f = x: x;
  s = "a" + "";
  i = 0 + 1;
  t = !false;
  xs = [ f s i t null ./. (builtins.filter (x: x) [ ]) ];
  forced = builtins.seq (builtins.deepSeq xs xs) xs;
in
[
  (builtins.elem f forced)
  (builtins.elem "a" forced)
  (builtins.elem s [ "b" s ])
  (builtins.elem 1 forced)
  (builtins.elem 1.0 forced)
  (builtins.elem true forced)
  (builtins.elem null forced)
  (builtins.elem ./. forced)
  (builtins.elem [ ] forced)
  (builtins.elem "b" forced)
  (builtins.elem 2 forced)
  (builtins.elem null [ 0 false "" [ ] { } ])
  (builtins.elem (x: x) forced)
  ([ i s t ] == [ 1 "a" true ])
  ({ a = i; b = s; } == { a = 1; b = "a"; })
  ([ ] == builtins.tail [ 1 ])
  (builtins.map (x: x) [ ] == builtins.filter (x: x) [ ])
]
