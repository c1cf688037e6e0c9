# CppNix 2.8 has no warn. An empty message; the value is returned unevaluated-then-forced.
with builtins;
[
  (warn "" 1)
  (warn "lazy" (x: x) 2)
  (length (warn "w" [ (throw "not forced") ]))
]
