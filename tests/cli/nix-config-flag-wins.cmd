0
--impure
--eval
-E
builtins ? currentTime
