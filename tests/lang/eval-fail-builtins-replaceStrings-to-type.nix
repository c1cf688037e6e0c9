# The replacement is checked when its pattern matches.
builtins.replaceStrings [ "x" "b" ] [ 1 2 ] "abc"
