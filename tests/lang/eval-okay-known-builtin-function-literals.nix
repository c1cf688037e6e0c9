# Function literals given to builtins that call them, with empty and non-empty inputs.
let
  xs = [ 3 1 2 ];
in
[
  (map (x: x * 2) xs)
  (map (x: throw "never called") [ ])
  (builtins.filter (x: x > 1) xs)
  (builtins.foldl' (acc: x: acc + x) 0 xs)
  (builtins.foldl' (acc: x: throw "never called") 7 [ ])
  (builtins.genList (i: i * i) 4)
  (builtins.genList (i: throw "never called") 0)
  (builtins.sort (a: b: a < b) xs)
  (builtins.concatMap (x: [ x x ]) xs)
  (builtins.all (x: x > 0) xs)
  (builtins.any (x: x > 2) xs)
  (builtins.partition (x: x > 1) xs)
  (builtins.groupBy (x: if x > 1 then "big" else "small") xs)
  (builtins.length (map (x: x) [ (throw "elements stay lazy") ]))
]
