# Precedence and associativity across operator groups.
[
  (1 + 2 * 3 - 4 / 2)
  (2 * 3 + 4)
  (10 - 3 - 2)
  (100 / 10 / 5)
  ([ 1 ] ++ [ 2 ] ++ [ 3 ] == [ 1 2 3 ])
  (!false && false)
  (true || false && false)
  (false -> false -> false)
  ({ a = 1; } // { b = 2; } // { a = 3; })
  (1 < 2 == true)
  ({ a.b = 1; } ? a.b && true)
  (-2 * -3)
  ("a" + "b" == "ab")
  (builtins.length [ 1 2 ] + 1)
]
