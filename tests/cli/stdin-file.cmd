0
--eval
-
