# Nix 2.8 has no builtins.readFileType (added in 2.14): expected output from current
# Nix's documented behaviour and its own tests (the type of the path itself, as `lstat`).
# Strings are paths too; symlinks on the way are followed, the last one is not.
[
  (builtins.readFileType (toString ./data-files/a.txt))
  (builtins.readFileType "${toString ./data-files}/dir/")
  (builtins.readFileType "${toString ./data-files}/link-to-dir/sub")
  (builtins.readFileType "${toString ./data-files}/unicode-é.txt")
  (builtins.readFileType "/")
]
