# concatLists flattens one level only.
with builtins;
[
  (concatLists [ [ 1 2 ] [ ] [ 3 ] ])
  (concatLists [ ])
  (concatLists [ [ ] [ ] ])
  (concatLists [ [ [ 1 ] ] [ [ 2 ] ] ])
  (length (concatLists [ [ (throw "lazy") ] ]))
]
