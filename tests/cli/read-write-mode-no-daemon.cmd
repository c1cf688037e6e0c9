0
--eval
--read-write-mode
-E
1 + 2
