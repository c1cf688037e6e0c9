# attrNames does not force the values.
builtins.attrNames { b = throw "b"; a = abort "a"; }
