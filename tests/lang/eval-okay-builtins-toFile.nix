[
  (builtins.toFile "x" "y")
  (builtins.toFile "empty" "")
  (builtins.toFile "unicode" "héllo ✓\n")
  (builtins.toFile "a.b-c+d_e?f=g" "name characters")
  (builtins.toFile "refs" "${builtins.toFile "x" "y"} and ${./data-files/a.txt}")
]
