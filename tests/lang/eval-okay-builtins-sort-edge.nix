# Empty and one-element lists; sorted and reversed inputs; a big pseudo-random list.
with builtins;
let
  mod = a: b: a - (a / b) * b;
  n = 20000;
  xs = genList (i: mod (i * 7919) 10007) n;
  sorted = sort lessThan xs;
  byLambda = sort (a: b: a < b) xs;
  isSorted = l: all (i: elemAt l i <= elemAt l (i + 1)) (genList (i: i) (length l - 1));
in
[
  (sort lessThan [ ])
  (sort (a: b: throw "not called") [ 1 ])
  (sort lessThan (genList (i: i) 10))
  (sort lessThan (genList (i: 10 - i) 10))
  (isSorted sorted)
  (sorted == byLambda)
  (head sorted)
  (elemAt sorted (n - 1))
]
