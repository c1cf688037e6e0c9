# Empty lists, short-circuiting (later elements are never looked at), a big list.
with builtins;
let big = genList (x: x) 100000; in
[
  (all (x: x) [ ])
  (any (x: x) [ ])
  (any (x: x) [ true (throw "not reached") ])
  (all (x: x) [ false (throw "not reached") ])
  (all (x: true) [ (throw "elements are not forced") ])
  (all (x: x < 100000) big)
  (any (x: x == 99999) big)
]
