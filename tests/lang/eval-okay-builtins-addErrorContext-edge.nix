# Nested contexts; a value that is a function; a long chain.
with builtins;
let
  deep = n: if n == 0 then 0 else addErrorContext "level ${toString n}" (1 + deep (n - 1));
in
[
  (addErrorContext "outer" (addErrorContext "inner" "ü"))
  ((addErrorContext "f" (x: x + 1)) 1)
  (deep 1000)
]
