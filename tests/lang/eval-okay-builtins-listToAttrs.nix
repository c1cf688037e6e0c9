# The first pair of a name wins, and only its value is needed.
with builtins;
[
  (listToAttrs [ { name = "a"; value = 1; } { name = "a"; } { name = "ü"; value = 2; } ])
  (listToAttrs [ ])
]
