# `+` on every pair of types it accepts: numbers (an int and a float give a float),
# strings, and paths (a path on the left keeps the result a path).
[
  (1 + 2)
  (1 + 2.5)
  (2.5 + 1)
  (0.5 + 0.25)
  ("a" + "b")
  ("" + "")
  (builtins.typeOf (./data-files + "/a.txt"))
  (./data-files + "/a.txt" == ./data-files/a.txt)
  (builtins.typeOf ("x" + ./data-files))
  (builtins.typeOf (/a + /b))
  (/a + /b)
  ("str" + { outPath = "-out"; })
  (-1 + -2)
]
