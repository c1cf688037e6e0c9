# Predicates look at the value only: a derivation is a set, a string that looks like a
# path is a string, a path made by concatenation is a path, toPath gives a string.
let
  drv = derivation { name = "x"; builder = "/b"; system = "s"; };
in
[
  (builtins.isAttrs drv)
  (builtins.isString drv.outPath)
  (builtins.isString "/tmp")
  (builtins.isPath "/tmp")
  (builtins.isPath (./. + "/x"))
  (builtins.isString (builtins.toPath "/tmp"))
  (builtins.isString "${./.}")
  (builtins.isList "[ ]")
  (builtins.isList (builtins.attrValues { a = 1; }))
  (builtins.isNull (builtins.tryEval (throw "x")).value)
  (builtins.isBool (builtins.tryEval (throw "x")).success)
  (builtins.isFloat (1 / 2.0))
  (builtins.isFloat (1 / 2))
  (builtins.isAttrs { __functor = self: x: x; })
  (builtins.isFunction { __functor = self: x: x; })
]
