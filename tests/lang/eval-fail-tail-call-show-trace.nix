# `g x` is a call in tail position: the frame of `f` is reused for `g`, yet the trace
# still shows the call of `f` and where it was called from, as Nix does.
let
  g = x: abort "b";
  f = x: g x;
in
f 1
