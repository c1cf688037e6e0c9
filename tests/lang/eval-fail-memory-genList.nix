# A list longer than memory holds: the length is checked before anything is allocated.
builtins.length (builtins.genList (x: x) 1000000000000)
