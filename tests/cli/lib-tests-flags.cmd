0
--timeout
1
--eval-only
--show-trace
--read-write-mode
--json
-E
{ a = [ 1 "x" ]; }
-A
a
