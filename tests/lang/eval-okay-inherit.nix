let x = 1; y = 2; s = { a = 3; b = 4; }; in { inherit x y; inherit (s) a b; }
