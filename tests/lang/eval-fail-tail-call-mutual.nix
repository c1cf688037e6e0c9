# Two functions calling each other in tail position: the trace keeps the alternation.
let
  even = n: if n == 0 then abort "reached zero" else odd (n - 1);
  odd = n: even n;
in
even 6
