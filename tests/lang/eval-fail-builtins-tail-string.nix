builtins.tail "abc"
