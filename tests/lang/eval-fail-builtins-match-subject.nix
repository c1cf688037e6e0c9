# The subject is not coerced.
builtins.match "a" { outPath = "a"; }
