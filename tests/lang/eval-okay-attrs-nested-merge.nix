# Nested attribute paths merge with set literals written in full, in either order.
[
  { a.b = 1; a.c = 2; }
  { a = { b = 1; }; a.c = 2; }
  { a.x.y = 1; a.x.z = 2; a.w = 3; }
  { "a b".c = 1; }
  (let s = { a.b.c = 1; a.b.d = 2; }; in s.a.b)
]
