0
--eval
--pure-eval
true
-E
1
