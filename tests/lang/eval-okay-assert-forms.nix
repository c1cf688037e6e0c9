# assert: a true condition yields the body; nested asserts; asserts in lazy positions.
[
  (assert true; 1)
  (assert 1 == 1; assert "a" < "b"; "both")
  (builtins.length [ (assert false; 1) ])
  (let x = assert true; 5; in x)
  (builtins.tryEval (assert false; 1))
]
