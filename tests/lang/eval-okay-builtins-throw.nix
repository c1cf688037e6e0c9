# throw's message is caught by tryEval; throw inside lazy places is harmless.
with builtins;
[
  (tryEval (throw "message"))
  (tryEval (throw ""))
  (length [ (throw "lazy") ])
  (attrNames { a = throw "lazy"; })
  ((x: 1) (throw "argument never used"))
]
