# Empty inputs, values left unevaluated, elements that are still thunks, a big list.
with builtins;
[
  (catAttrs "a" [ ])
  (catAttrs "a" [ { } { b = 1; } ])
  (length (catAttrs "a" [ { a = throw "values are not forced"; } ]))
  (length (catAttrs "k" (genList (i: { k = i; }) 50000)))
  (catAttrs "" [ { "" = "empty name"; } ])
]
