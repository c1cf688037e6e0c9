# Equal elements keep their order, with a lambda and with lessThan.
with builtins;
let
  recs = genList (i: { k = i - (i / 3) * 3; id = i; }) 10;
in
[
  (map (r: r.id) (sort (a: b: a.k < b.k) recs))
  (map (r: r.id) (sort (a: b: a.k > b.k) recs))
  (sort lessThan [ 1 1.0 2 1 ])
]
