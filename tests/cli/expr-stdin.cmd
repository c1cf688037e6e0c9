0
--eval
-E
-
