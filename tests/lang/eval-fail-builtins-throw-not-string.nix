builtins.throw 1
