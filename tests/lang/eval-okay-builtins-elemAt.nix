# elemAt indexes from zero and does not force the other elements.
with builtins;
[
  (elemAt [ 1 2 3 ] 0)
  (elemAt [ 1 2 3 ] 2)
  (elemAt [ (throw "no") "b" ] 1)
  (elemAt [ [ 1 ] ] 0)
]
