builtins.unsafeDiscardOutputDependency { }
