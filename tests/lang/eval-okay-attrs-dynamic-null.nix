# A dynamic attribute whose name is null is left out.
[
  { ${null} = 1; a = 2; }
  (builtins.attrNames { ${if true then null else "x"} = throw "not forced"; })
  { a = { ${null} = 1; }; }
]
