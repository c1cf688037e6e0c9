# deepSeq forces a whole value before returning its second argument; seq only the top.
with builtins;
[
  (deepSeq [ 1 { a = [ 2 ]; } ] "done")
  (tryEval (deepSeq [ 1 (throw "deep") ] "done"))
  (tryEval (seq [ 1 (throw "not forced by seq") ] "done"))
  (deepSeq (x: throw "functions are not entered") 1)
  (deepSeq { } null)
]
