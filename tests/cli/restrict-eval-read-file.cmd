1
--option
restrict-eval
true
--eval
-E
builtins.readFile /etc/passwd
