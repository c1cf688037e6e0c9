# A tail-recursive loop runs in one frame; every call still counts in the trace, and the
# repeated ones are collapsed as current Nix collapses them.
let
  loop = n: if n == 0 then abort "done" else loop (n - 1);
in
loop 10
