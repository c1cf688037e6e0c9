with builtins;
[
  (concatMap (x: [ x (x * 10) ]) [ 1 2 3 ])
  (concatMap (x: if x > 1 then [ x ] else [ ]) [ 1 2 3 ])
  (concatMap (s: [ s "${s}!" ]) [ "ü" "日" ])
]
