builtins.bitOr [ ] 1
