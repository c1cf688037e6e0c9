# CppNix 2.8 has no traceVerbose.
builtins.traceVerbose "message" (throw "the value failed")
