# A field of a set built by a function without a frame still fails with its own trace.
let
  mk = x: { value = x.name; };
in
(builtins.head (map mk [ { nam = 1; } ])).value
