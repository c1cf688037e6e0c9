[
  (builtins.pathExists ./data-files/a.txt)
  (builtins.pathExists ./data-files/no-such-file)
  (builtins.pathExists (toString ./data-files/a.txt))
  (builtins.pathExists ./data-files/dir)
  (builtins.pathExists ./data-files/link-to-dir/sub/y)
  (builtins.pathExists "/")
  (builtins.pathExists { outPath = toString ./data-files/empty; })
]
