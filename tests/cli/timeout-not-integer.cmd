1
--timeout
1.5
--eval
-E
1 + 2
