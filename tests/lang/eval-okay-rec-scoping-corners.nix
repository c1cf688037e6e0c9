# rec: attributes see each other; `inherit` in a rec set takes the outer scope.
let x = "outer"; in
[
  (rec { a = 1; b = a + 1; }).b
  (rec { x = "inner"; y = x; }).y
  (rec { inherit x; y = x; }).y
  (rec { a = { b = c; }; c = 5; }).a.b
  (rec { f = n: if n == 0 then "done" else f (n - 1); }.f 3)
  (rec { a.b = 1; a.c = a.b + 1; }).a.c
  ({ a = 1; b = rec { a = 2; c = a; }; }.b.c)
]
