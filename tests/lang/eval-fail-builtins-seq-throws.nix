builtins.seq (throw "first argument of seq") 1
