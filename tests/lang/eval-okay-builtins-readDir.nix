# Entries with their own type: symlinks are not followed, names may be any bytes.
[
  (builtins.readDir ./data-files/dir)
  (builtins.readDir ./data-files)
  (builtins.readDir ./data-files/dir/sub)
]
