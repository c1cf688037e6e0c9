# Formals: defaults referring to other formals and to the @-pattern, ellipsis, and
# defaults that are never needed never evaluated.
let
  f = { a, b ? a + 1, ... }@args: [ a b (builtins.attrNames args) ];
  g = args@{ x ? y, y ? 2 }: [ x y args ];
  h = { a ? throw "default not needed" }: a;
in
[
  (f { a = 1; })
  (f { a = 1; b = 5; c = 6; })
  (g { })
  (g { y = 3; })
  (h { a = "given"; })
  (({ }: "empty formals") { })
  (({ ... }: "only ellipsis") { any = 1; })
]
