# `or` and `?` jump over what follows when the attribute is missing or the value is not a
# set; the Booleans and numbers they leave feed further jumps.
let
  s = { a = { b = 1; c = { d = "x"; }; }; n = null; };
  count = xs: builtins.foldl' (acc: x: if x then acc + 1 else acc) 0 xs;
in
[
  (s.a.b or 0)
  (s.a.z or 2)
  (s.n.a or 3)
  ((1).a or 4)
  (s.a.c.d or "y")
  (s.a.c.e.f or "z")
  (s ? a)
  (s ? z)
  (s.a ? c.d)
  (s.a ? c.d.e)
  (1 ? a)
  (s.n ? a)
  (if s ? a && s.a ? b then s.a.b + 1 else 0)
  (if s ? z || s.a ? z then 1 else (s.a.z or 5) * 2)
  (count [ (s ? a) (s ? z) (s.a.b or 0 == 1) (1 < 2 && 2 < 1) ((s.q or 1) + 1 == 2) ])
  (let x = s.a.b or 9; y = s.a.q or 9; in x * 10 + y)
]
