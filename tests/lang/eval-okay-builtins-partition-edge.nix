# Empty input, everything on one side, a big list.
with builtins;
let p = partition (x: x - (x / 2) * 2 == 0) (genList (x: x) 100001); in
[
  (partition (x: true) [ ])
  (partition (x: true) [ 1 2 ])
  (partition (x: false) [ 1 2 ])
  (length p.right)
  (length p.wrong)
]
