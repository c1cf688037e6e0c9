1
--eval
-E
1
--add-root
