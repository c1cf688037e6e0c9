# `with builtins` brings every builtin into scope, but global names like `map` and lexical
# bindings still take precedence.
let head = "lexical head"; in
with builtins;
[
  head
  (length [ 1 2 ])
  (typeOf true)
  (map (x: x) [ 1 ])
]
