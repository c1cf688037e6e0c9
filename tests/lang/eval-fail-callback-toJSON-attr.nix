builtins.toJSON { ok = 1; nested = { bad = throw "toJSON reached a throwing attribute"; }; }
