# The second element has no name: that is reported, and the third, which throws, is never
# evaluated (elements are looked at in order, each fully before the next).
builtins.listToAttrs [
  { name = "a"; value = 1; }
  (builtins.head [ { value = 2; } ])
  (throw "the third element is evaluated")
]
