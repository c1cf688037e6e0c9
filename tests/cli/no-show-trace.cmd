1
--show-trace
--no-show-trace
--eval
lang/eval-fail-assert.nix
