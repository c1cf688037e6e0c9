builtins.head { }
