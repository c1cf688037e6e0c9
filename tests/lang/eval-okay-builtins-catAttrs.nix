with builtins;
[
  (catAttrs "a" [ { a = 1; } { b = 2; } { a = 3; c = 4; } ])
  (catAttrs "ä" [ { "ä" = "unicode"; } { a = 1; } ])
  (catAttrs "x" (map (i: { x = i * i; }) [ 1 2 3 ]))
]
