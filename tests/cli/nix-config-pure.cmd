0
--eval
-E
builtins ? currentTime
