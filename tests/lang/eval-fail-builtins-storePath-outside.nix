builtins.storePath "/no-store/x"
