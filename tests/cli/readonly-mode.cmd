0
--readonly-mode
--eval
-E
1 + 2
