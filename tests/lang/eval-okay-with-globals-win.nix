with { true = 1; map = 2; }; [ true (builtins.isFunction map) ]
