# List keys are compared with `<` through the evaluator; a later key smaller than an earlier
# one, and a key seen again, are handled as with numbers.
builtins.genericClosure {
  startSet = [ { key = [ 1 ]; } { key = [ 0 ]; } ];
  operator = x: if builtins.head x.key < 3 then [ { key = [ (builtins.head x.key + 1) ]; } { key = [ 0 ]; } ] else [ ];
}
