# Nix reads `a <= b` as `!(b < a)`: an error in the comparison is "in the argument of '!'".
let
  xs = [ 1 { } ];
in
builtins.elemAt xs 1 <= builtins.elemAt xs 0
