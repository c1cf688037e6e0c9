# foldl' forces the accumulator, not the elements.
builtins.foldl' (acc: x: acc + 1) 0 [ (throw "element 1") (throw "element 2") ]
