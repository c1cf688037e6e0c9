# A path stays a path through `+` with a string, but toString and interpolation give strings.
with builtins;
[
  (isPath (./data-files + "/a.txt"))
  (isPath (toString ./data-files))
  (isPath /.)
  (isFloat (1 + 0.0))
  (isFloat (builtins.fromJSON "1.0"))
  (isBool (1 == 1))
]
