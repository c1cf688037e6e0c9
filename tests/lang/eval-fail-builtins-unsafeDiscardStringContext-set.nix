builtins.unsafeDiscardStringContext { }
