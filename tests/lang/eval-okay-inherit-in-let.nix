let s = { a = 1; b = 2; }; inherit (s) a b; c = a + b; in c
