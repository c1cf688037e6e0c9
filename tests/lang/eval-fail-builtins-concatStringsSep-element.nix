builtins.concatStringsSep "," [ "a" true ]
