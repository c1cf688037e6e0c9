1
--eval
--log-format
bogus
-E
1
