builtins.unsafeDiscardStringContext [ "x" ]
