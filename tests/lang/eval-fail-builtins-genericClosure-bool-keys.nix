builtins.genericClosure { startSet = [ { key = true; } { key = false; } ]; operator = x: [ ]; }
