builtins.elem 5 [ 1 (throw "an element failed") ]
