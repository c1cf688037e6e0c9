# The call sites in the trace come from where each frame stopped: after jumps, selections
# done together with the op after them, and functions and recursive bindings made on the way.
let
  s = { a = { b = 1; c = "x"; }; };
  g = y: z: y + z;
  f = x:
    let
      k = n: n;
      r = rec { p = q; q = x; };
    in
    if x && r.q then (if s.a.b == 1 then g (k s.a.b) s.a.c else 0) else 0;
in
f true
