# Nix 2.8 has no builtins.readFileType (added in 2.14): expected output from current
# Nix's documented behaviour and its own tests (the type of the path itself, as `lstat`).
builtins.readFileType "a.txt"
