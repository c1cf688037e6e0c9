# The elements are called from where the (partially applied) generator was written.
let
  f = x: y: x + y;
in
builtins.genList (f "a") 2
