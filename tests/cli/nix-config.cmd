0
--eval
-E
builtins.currentSystem
