builtins.isAttrs (throw "the argument is evaluated")
