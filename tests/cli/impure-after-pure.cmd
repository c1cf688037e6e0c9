0
--pure-eval
--impure
--eval
-E
builtins ? currentTime
