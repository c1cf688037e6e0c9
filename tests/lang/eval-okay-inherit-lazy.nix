let s = throw "never"; in builtins.attrNames { inherit (s) a b; }
