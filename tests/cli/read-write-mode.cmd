# --readonly-mode wins over --read-write-mode: nothing is written, so no store is needed.
0
--read-write-mode
--readonly-mode
--eval
-E
1 + 2
