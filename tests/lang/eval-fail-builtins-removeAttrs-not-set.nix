builtins.removeAttrs [ ] [ "a" ]
