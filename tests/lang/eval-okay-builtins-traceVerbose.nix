# CppNix 2.8 has no traceVerbose; current Nix returns the second argument (and prints the
# first only with --trace-verbose).
with builtins;
[
  (traceVerbose "not shown" 1)
  (traceVerbose (throw "not evaluated without --trace-verbose") "ü")
  (traceVerbose { a = 1; } [ 1 2 ])
]
