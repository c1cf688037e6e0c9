builtins.splitVersion [ "1" "2" ]
