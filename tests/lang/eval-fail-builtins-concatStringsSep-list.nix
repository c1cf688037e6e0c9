builtins.concatStringsSep "," "a,b"
