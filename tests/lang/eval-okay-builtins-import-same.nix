# Importing one file twice gives the same value.
let
  a = import ./data-files/default-dir;
  b = import ./data-files/default-dir/default.nix;
in
[ (a == b) (a.answer + b.answer) ]
