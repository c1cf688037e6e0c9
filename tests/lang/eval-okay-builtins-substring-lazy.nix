# A zero-length substring of a string does not coerce it; the string is still forced.
with builtins;
[
  (substring 0 0 "${"abc"}")
  (tryEval (substring 0 1 (throw "forced")))
  (tryEval (substring 0 0 (throw "forced too")))
  (tryEval (substring 2 0 { outPath = throw "coerced"; }))
]
