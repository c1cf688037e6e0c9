# listToAttrs: the first occurrence of a name wins; extra attributes are ignored.
with builtins;
[
  (listToAttrs [ { name = "a"; value = 1; } { name = "a"; value = 2; } ])
  (listToAttrs [ ])
  (listToAttrs [ { name = "x"; value = 1; extra = true; } ])
  (attrNames (listToAttrs [ { name = "lazy"; value = throw "not forced"; } ]))
  (listToAttrs [ { name = ""; value = "empty name"; } ])
]
