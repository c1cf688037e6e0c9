1
--pure-eval
--eval
lang/eval-okay-arithmetic.nix
