# `?` with attribute paths, dynamic names, and on values that are not sets.
let
  s = { a = { b = { c = null; }; }; "x y" = 1; };
  n = "a";
in
[
  (s ? a)
  (s ? a.b.c)
  (s ? a.b.d)
  (s ? a.b.c.d)
  (s ? ${n})
  (s ? "x y")
  (s ? ${n}.b)
  (1 ? a)
  ([ ] ? a)
  ("s" ? a)
  (s ? z.y.x)
  ({ a = 1; } ? a.b)
]
