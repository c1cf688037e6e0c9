let s = { a = [ ]; }; in builtins.isList s.b
