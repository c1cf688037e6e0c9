# The URL must not refer to a store path.
builtins.fetchurl "file://${builtins.toFile "f" "x"}"
