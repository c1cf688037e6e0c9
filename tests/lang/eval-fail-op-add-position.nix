# Current Nix locates an error of `+` at the operator (its corpus shows `a + b` failing at
# the `+`); nixvm locates it at the start of the whole expression.
let
  a = 1;
  b = "x";
in
a + b
