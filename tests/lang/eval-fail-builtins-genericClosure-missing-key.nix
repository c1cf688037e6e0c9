builtins.genericClosure { startSet = [ { key = 1; } { nokey = 2; } ]; operator = x: [ ]; }
