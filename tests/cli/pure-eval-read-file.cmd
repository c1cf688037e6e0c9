1
--pure-eval
--eval
-E
builtins.readFile /etc/passwd
