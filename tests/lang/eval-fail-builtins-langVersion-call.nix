builtins.langVersion 1
