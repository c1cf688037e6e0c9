let s = { a = { b = 1; }; n = 5; }; in [ (s.a.b or 0) (s.a.c or 0) (s.z.z or 0) (s.n.x or 3) (s.a or 9) ]
