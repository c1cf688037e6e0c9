# A comparator that is not a strict weak order still gives a permutation of the input.
with builtins;
let
  l = genList (i: i - (i / 5) * 5) 50;
  same = a: b: sort lessThan a == sort lessThan b;
in
[
  (same l (sort (a: b: true) l))
  (same l (sort (a: b: false) l))
  (same l (sort (a: b: a <= b) l))
  (length (sort (a: b: a != b) l))
]
