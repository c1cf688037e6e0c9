# `f name` is `throw`, which fails at once on the value; the attribute is still named.
builtins.deepSeq (builtins.mapAttrs (n: builtins.throw) { a = "thrown from the value"; }) null
