# A list of 200,000 elements: length, last element, sum, and concatenation.
let
  n = 200000;
  xs = builtins.genList (x: x) n;
in
[
  (builtins.length xs)
  (builtins.elemAt xs (n - 1))
  (builtins.foldl' builtins.add 0 xs)
  (builtins.length (xs ++ xs))
  (builtins.length (builtins.filter (x: x / 2 * 2 == x) xs))
]
