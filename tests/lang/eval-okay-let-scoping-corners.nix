# let: bindings see each other in any order, an inner let shadows, and bindings are lazy.
[
  (let a = b; b = 1; in a)
  (let a = 1; in let a = 2; in a)
  (let a = 1; b = a; in let a = 2; in b)
  (let x = throw "unused"; y = 3; in y)
  (let f = n: if n == 0 then 0 else g (n - 1); g = n: f n; in f 5)
  (let inherit (builtins) length; in length [ 1 ])
  (let a.b = 1; a.c = 2; in a)
  (let "quoted name" = 4; in 1)
]
