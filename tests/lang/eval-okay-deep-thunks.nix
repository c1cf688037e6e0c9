let xs = builtins.genList (i: i) 100000; chain = builtins.foldl' (acc: x: { v = acc.v + x; }) { v = 0; } xs; in chain.v
