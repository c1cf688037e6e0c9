1
--show-trace
--eval
lang/eval-fail-assert.nix
