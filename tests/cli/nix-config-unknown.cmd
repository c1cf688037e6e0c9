0
--eval
-E
1
