builtins.foldl' (acc: x: if x == 3 then throw "fold reached ${toString x}" else acc + x) 0 [ 1 2 3 4 ]
