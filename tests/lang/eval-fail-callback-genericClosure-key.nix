builtins.genericClosure { startSet = [ { key = 1; } ]; operator = x: [ { key = throw "key of a successor"; } ]; }
