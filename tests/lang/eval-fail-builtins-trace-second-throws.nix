builtins.trace "traced before failing" (throw "after the trace")
