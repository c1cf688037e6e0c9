# The string is not coerced: a set with outPath is refused.
builtins.replaceStrings [ "a" ] [ "b" ] { outPath = "abc"; }
