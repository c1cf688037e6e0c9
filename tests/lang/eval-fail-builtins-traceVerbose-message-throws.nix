# CppNix 2.8 has no traceVerbose. With --trace-verbose the message is evaluated, as by trace.
builtins.traceVerbose (throw "the message is evaluated") 1
