builtins.replaceStrings [ "a" 1 ] [ "b" "c" ] "abc"
