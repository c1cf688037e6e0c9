# Error messages print at most 10 list items in all, nested lists' items included.
let
  v = [ [ 1 2 3 4 5 6 7 8 ] [ 9 10 11 ] 12 ];
in
builtins.deepSeq v (builtins.attrNames v)
