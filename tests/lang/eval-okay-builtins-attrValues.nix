# attrValues gives the values in the order of the names.
with builtins;
[
  (attrValues { b = 2; a = 1; c = 3; })
  (attrValues { })
  (attrValues { "z" = "last"; "A" = "first"; "_" = "mid"; })
  (length (attrValues { a = throw "lazy"; }))
]
