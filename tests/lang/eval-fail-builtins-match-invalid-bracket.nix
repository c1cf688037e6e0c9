builtins.match "[a-" "a"
