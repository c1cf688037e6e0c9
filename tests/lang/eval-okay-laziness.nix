let x = throw "never"; l = [ x x ]; s = { a = x; b = 1; }; in [ (builtins.length l) s.b ]
