0
--option
pure-eval
true
--eval
-E
[ (builtins ? currentTime) (builtins.getEnv "HOME") ]
--strict
