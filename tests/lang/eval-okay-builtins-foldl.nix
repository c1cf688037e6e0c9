# foldl' folds from the left, strictly in the accumulator.
with builtins;
[
  (foldl' (acc: x: acc + x) 0 [ 1 2 3 ])
  (foldl' (acc: x: acc ++ [ x ]) [ ] [ 1 2 3 ])
  (foldl' (acc: x: "(${acc} ${x})") "z" [ "a" "b" ])
  (foldl' (acc: x: acc) "unchanged" [ ])
  (foldl' (acc: x: x) (throw "initial not needed") [ 1 ])
]
