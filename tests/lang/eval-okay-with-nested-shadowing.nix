# Nested `with`: the innermost scope wins among withs, any lexical binding beats them all.
let x = "let"; in
[
  (with { x = "outer"; y = "outer y"; }; with { x = "inner"; }; [ x y ])
  (with { x = "with"; }; x)
  (with { z = "z"; }; with { y = "y"; }; [ y z ])
  (let y = "let y"; in with { y = "with y"; }; y)
  (with { a = 1; }; (b: a + b) 2)
  ((with { f = x: x + 1; }; f) 1)
]
