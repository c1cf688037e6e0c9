builtins.map (x: x) "abc"
