# Empty list, one group, values kept in their order and unevaluated, a big list.
with builtins;
let big = groupBy (x: toString (x - (x / 7) * 7)) (genList (x: x) 70000); in
[
  (groupBy (x: "k") [ ])
  (groupBy (x: "") [ 1 2 3 ])
  (length (groupBy (x: "k") [ (throw "a") (throw "b") ]).k)
  (attrNames big)
  (length big."3")
  (head big."6")
]
