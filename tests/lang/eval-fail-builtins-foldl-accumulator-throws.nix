builtins.foldl' (acc: x: if x == 2 then throw "accumulator at 2" else acc) 0 [ 1 2 3 ]
