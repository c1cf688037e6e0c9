builtins.tail null
