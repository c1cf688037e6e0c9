# Without --show-trace, Nix records no calls, tail calls or not: only the context lines.
let
  g = x: if x then 1 else 2;
  f = x: g x;
in
f 3
