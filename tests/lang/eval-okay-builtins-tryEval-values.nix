# tryEval returns the value forced to weak head normal form only.
with builtins;
[
  (tryEval 1)
  (tryEval "s")
  (tryEval [ (throw "inner not forced") ]).success
  (tryEval { a = throw "inner not forced"; }).success
  (tryEval (tryEval (throw "x")))
  (tryEval (assert 1 == 2; 0))
  (tryEval null)
]
