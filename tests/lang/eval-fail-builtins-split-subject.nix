builtins.split "," [ "a,b" ]
