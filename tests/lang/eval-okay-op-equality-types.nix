# `==` on every type: numbers across int and float, strings, paths, lists, sets, null,
# and values of different types (never equal, never an error).
[
  (1 == 1)
  (1 == 1.0)
  (1.0 == 1)
  (0.1 + 0.2 == 0.3)
  ("a" == "a")
  ("a" == "b")
  (null == null)
  (true == true)
  (true == false)
  (/a == /a)
  (/a == "/a")
  ([ 1 [ 2 ] ] == [ 1 [ 2 ] ])
  ([ 1 ] == [ 1 2 ])
  ({ a = 1; b = [ 2 ]; } == { b = [ 2 ]; a = 1; })
  ({ a = 1; } == { a = 1; b = 2; })
  (1 == "1")
  (null == false)
  ([ ] == { })
  (1 != 2)
  ("x" != "x")
]
