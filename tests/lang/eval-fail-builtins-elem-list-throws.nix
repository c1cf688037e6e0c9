# Elements before the match are compared, so a failing one fails elem.
builtins.elem 2 [ 1 (throw "compared") 2 ]
