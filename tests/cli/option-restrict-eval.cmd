1
--option
restrict-eval
true
--eval
lang/eval-okay-arithmetic.nix
