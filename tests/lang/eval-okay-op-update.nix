# `//`: the right side wins; only the top level merges; both sides may be empty.
[
  ({ a = 1; b = 2; } // { b = 3; c = 4; })
  ({ } // { })
  ({ a = 1; } // { })
  ({ } // { a = 1; })
  ({ a = { x = 1; }; } // { a = { y = 2; }; })
  (({ a = 1; } // { b = 2; }) // { a = 3; })
  (builtins.attrNames ({ a = throw "lazy"; } // { b = throw "lazy"; }))
]
