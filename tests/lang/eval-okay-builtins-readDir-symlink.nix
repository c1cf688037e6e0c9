# A symlink to a directory is read as that directory; strings name paths too.
[
  (builtins.readDir ./data-files/link-to-dir)
  (builtins.readDir "${toString ./data-files}/dir/")
  (builtins.readDir "${toString ./data-files}/link-to-dir/./sub/..")
  (builtins.attrNames (builtins.readDir ./data-files/default-dir))
]
