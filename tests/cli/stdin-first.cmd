0
--eval
-E
10
-
20
