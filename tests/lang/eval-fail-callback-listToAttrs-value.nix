builtins.deepSeq (builtins.listToAttrs [ { name = "a"; value = throw "value of a"; } ]) null
