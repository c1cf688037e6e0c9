# A chain of 5,000 thunks each referring to the previous one is forced from the end.
let
  chain = builtins.genList (i: i) 5000;
  step = builtins.foldl' (prev: i: { v = prev.v + i; }) { v = 0; } chain;
in
step.v
