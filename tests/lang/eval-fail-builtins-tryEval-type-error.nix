builtins.tryEval (1 + "not caught either")
