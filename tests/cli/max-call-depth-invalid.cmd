1
--max-call-depth
abc
--eval
-E
1
