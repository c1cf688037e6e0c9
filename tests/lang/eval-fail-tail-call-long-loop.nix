# A long loop of tail calls runs in one frame and a bounded record of its calls: the trace
# counts all of them.
let
  loop = n: if n == 0 then abort "done" else loop (n - 1);
in
loop 100000
