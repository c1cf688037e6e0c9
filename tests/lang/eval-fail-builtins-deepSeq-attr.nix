builtins.deepSeq { a = 1; b = { c = throw "c forced"; }; } 1
