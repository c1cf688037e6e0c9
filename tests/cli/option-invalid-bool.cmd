0
--option
pure-eval
maybe
--eval
-E
1
