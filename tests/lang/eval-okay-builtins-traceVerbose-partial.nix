# CppNix 2.8 has no traceVerbose. Without --trace-verbose current Nix returns the second
# argument without evaluating the first, also when partially applied.
let
  quiet = builtins.traceVerbose (throw "not evaluated");
in
[
  (quiet 1)
  (map (builtins.traceVerbose "each") [ 2 3 ])
  (builtins.traceVerbose { a = abort "not evaluated"; } "ü")
]
