# genList calls the generator with each index, lazily.
with builtins;
[
  (genList (i: i * i) 5)
  (genList (i: i) 0)
  (length (genList (i: throw "not forced") 3))
  (genList (i: [ i ]) 2)
  (elemAt (genList (i: if i == 1 then throw "no" else i) 3) 2)
]
