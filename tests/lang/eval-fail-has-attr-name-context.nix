# The name `?` asks for must not refer to store paths either.
let n = "a${builtins.toFile "x" "y"}"; in { } ? ${n}
