# The flags nixpkgs' lib/tests/modules.sh passes (with --readonly-mode added, so that the
# test needs no store: --read-write-mode would write what evaluation makes to it).
0
--timeout
1
--eval-only
--show-trace
--read-write-mode
--readonly-mode
--json
-E
{ a = [ 1 "x" ]; }
-A
a
