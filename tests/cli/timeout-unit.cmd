0
--timeout
2k
--eval
-E
1 + 2
