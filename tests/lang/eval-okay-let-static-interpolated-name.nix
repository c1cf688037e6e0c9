# `${"a"}` with a string literal is a static name, so `let` accepts it.
let
  ${"a"} = 1;
  "b" = 2;
in
a + b
