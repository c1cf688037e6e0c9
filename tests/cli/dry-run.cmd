0
--dry-run
--eval
-E
1 + 2
