# removeAttrs ignores names that are absent and takes the same name twice.
with builtins;
[
  (removeAttrs { a = 1; b = 2; } [ "a" ])
  (removeAttrs { a = 1; } [ "z" ])
  (removeAttrs { a = 1; } [ "a" "a" ])
  (removeAttrs { } [ ])
  (attrNames (removeAttrs { a = throw "lazy"; b = 1; } [ "b" ]))
]
