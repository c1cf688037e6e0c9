# An error evaluating `outPath` is about `outPath`, not about coercing a path segment.
let
  d = { outPath = throw "no out"; };
in
"${d}/bin"
