1
--eval
-j
bogus
-E
1
