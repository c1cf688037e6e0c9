0
--timeout
1
--eval
-E
1 + 2
