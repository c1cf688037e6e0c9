let s = { a = { b = { c = 1; }; }; x = 1; }; in [ (s ? a) (s ? z) (s ? a.b.c) (s ? a.b.z) (s ? x.y) (1 ? a) (s ? "a") (s ? ${"x"}) ]
