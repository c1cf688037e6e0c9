builtins.match "a(b" "ab"
