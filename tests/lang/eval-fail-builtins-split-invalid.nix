builtins.split "a{2" "aa"
