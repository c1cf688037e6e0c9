builtins.deepSeq (builtins.mapAttrs 1 { a = 1; }) null
