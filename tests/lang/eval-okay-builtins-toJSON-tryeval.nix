# An error thrown while toJSON prints a value is still caught by tryEval (the context lines
# toJSON adds do not change what kind of error it is), and toJSON works again afterwards.
let
  bad = { a = [ 1 { b = throw "inner"; } ]; };
  assertBad = { ok = assert false; 1; };
in
[
  (builtins.tryEval (builtins.toJSON bad))
  (builtins.tryEval (builtins.toJSON assertBad))
  (builtins.tryEval (builtins.toXML bad))
  (builtins.toJSON { after = "fine"; })
]
