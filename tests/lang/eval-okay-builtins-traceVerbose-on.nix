# CppNix 2.8 has no traceVerbose; with --trace-verbose, current Nix prints like trace.
with builtins;
[
  (traceVerbose "shown" 1)
  (traceVerbose { a = 1; } "ü")
]
