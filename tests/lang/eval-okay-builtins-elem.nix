with builtins;
[
  (elem 2 [ 1 2 3 ])
  (elem 4 [ 1 2 3 ])
  (elem "b" [ "a" "b" ])
  (elem "日本" [ "日本語" "日本" ])
  (elem [ 1 2 ] [ [ 1 ] [ 1 2 ] ])
  (elem { a = 1; } [ { a = 2; } { a = 1; } ])
  (elem null [ 1 null ])
  (elem true [ false ])
]
