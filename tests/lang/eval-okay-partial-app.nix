let addOne = builtins.add 1; m = builtins.map (x: x + 1); in [ (addOne 2) (m [ 1 2 ]) (builtins.foldl' builtins.add 0 [ 1 2 3 ]) ]
