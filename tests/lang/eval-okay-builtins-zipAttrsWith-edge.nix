# Empty input; the function is called only for the attributes that are used; a big input.
with builtins;
let big = zipAttrsWith (n: v: length v) (genList (i: { a = i; "b${toString (i - (i / 10) * 10)}" = i; }) 10000); in
[
  (zipAttrsWith (n: v: v) [ ])
  (zipAttrsWith (n: v: v) [ { } { } ])
  ((zipAttrsWith (n: v: throw "not called") [ { a = 1; } ]) ? a)
  (zipAttrsWith (n: v: head v) [ { a = 1; b = throw "not forced"; } ]).a
  big.a
  big.b3
]
