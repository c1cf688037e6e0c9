let x = throw "again"; a = builtins.tryEval x; b = builtins.tryEval x; in [ a.success b.success ]
