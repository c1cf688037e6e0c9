1
--eval
-E
1
