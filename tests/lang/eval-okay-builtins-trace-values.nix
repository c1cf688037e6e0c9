# trace prints its first argument to standard error and returns the second.
with builtins;
[
  (trace "a message" 1)
  (trace { a = 1; } "set traced")
  (trace [ 1 "two" ] null)
  (trace 42 (trace "nested" "inner"))
]
