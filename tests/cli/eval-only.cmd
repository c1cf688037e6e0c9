0
--eval-only
-E
1 + 2
