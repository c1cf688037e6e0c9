with builtins;
[
  (intersectAttrs { a = 1; b = 2; } { b = 20; c = 30; })
  (intersectAttrs { x = null; "ü" = null; } { "ü" = 1; x = 2; y = 3; })
  (intersectAttrs { a = 1; b = 2; c = 3; } { a = 10; })
]
