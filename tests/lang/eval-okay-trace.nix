builtins.trace "hello" (builtins.trace { a = 1; } 42)
