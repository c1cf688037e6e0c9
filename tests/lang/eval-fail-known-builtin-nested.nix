# Strict arguments nested in strict arguments: each call adds its line.
let
  xs = [ 1 2 ];
in
builtins.length (map (x: x) (builtins.attrNames (builtins.head xs)))
