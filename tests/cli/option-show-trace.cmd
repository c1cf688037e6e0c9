1
--option
show-trace
true
--eval
lang/eval-fail-assert.nix
