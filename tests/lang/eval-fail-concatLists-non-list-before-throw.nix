# The second element is not a list: that is reported, and the third, which throws, is never
# evaluated (Nix looks at the elements in order).
builtins.concatLists [
  [ 1 ]
  (builtins.head [ 2 ])
  (throw "the third element is evaluated")
]
