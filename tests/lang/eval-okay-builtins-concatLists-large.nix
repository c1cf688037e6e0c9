# Many small lists, one level flattened, lazy elements, nested lists kept.
let
  singletons = builtins.genList (x: [ x ]) 10000;
  all = builtins.concatLists singletons;
in
[
  (builtins.length all)
  (builtins.elemAt all 9999)
  (builtins.concatLists [ [ 1 ] [ [ 2 ] ] [ ] [ "a" null ] ])
  (builtins.length (builtins.concatLists [ [ (throw "lazy") ] [ (abort "lazy") ] ]))
  (builtins.concatLists [ ])
]
