0
--read-write-mode
--eval
-E
1 + 2
