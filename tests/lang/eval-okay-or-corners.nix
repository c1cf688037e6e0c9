# `or` in odd places: as an attribute name, as a variable, after dynamic selects and nested
# paths, and with defaults that are themselves selections.
let
  s = { a = { b = 1; }; or = "attr named or"; };
  n = "a";
in
[
  (s.x or "default")
  (s.a.x or s.a.b)
  (s.${n}.b or 0)
  (s.${"zz"} or "dyn default")
  s.or
  (s.x.y.z or (s.a.b + 1))
  ({ or = 1; }.or)
  ((s.a.b or 2) + 10)
  (s.x or s.y or "chained")
]
