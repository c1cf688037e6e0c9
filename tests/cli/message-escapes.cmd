1
--eval
-E
throw "a\tb${builtins.fromJSON "\"\\u001b\""}[1mc${builtins.fromJSON "\"\\u001b\""}[0m"
