# Builtins calling back into Nix: filter, foldl', sort and any over a large list.
let
  inherit (builtins) genList filter foldl' sort any length;
  xs = genList (i: i * 7919 - (i * 7919 / 1000003) * 1000003) 300000;
  evens = filter (x: x / 2 * 2 == x) xs;
  sum = foldl' (a: b: a + b) 0 xs;
  sorted = sort (a: b: a < b) (genList (i: xs.${toString 0} or (i * 31 - i / 7 * 7)) 50000);
in
[ (length evens) sum (length sorted) (any (x: x < 0) xs) ]
