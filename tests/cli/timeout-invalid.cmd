1
--timeout
x
--eval
-E
1 + 2
