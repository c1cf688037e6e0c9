builtins.foldl' (acc: _: [ acc ]) [ ] (builtins.genList (x: x) 100000)
