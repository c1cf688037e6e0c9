builtins.tryEval (builtins.abort "abort is not caught")
