# A string ending in `/` or `/.` must name a directory; a dangling symlink exists.
[
  (builtins.pathExists (toString ./data-files/a.txt + "/"))
  (builtins.pathExists (toString ./data-files/a.txt + "/."))
  (builtins.pathExists (toString ./data-files/dir + "/"))
  (builtins.pathExists (toString ./data-files/dir + "/."))
  (builtins.pathExists (toString ./data-files/link-to-dir + "/"))
  (builtins.pathExists (toString ./data-files/link-to-a + "/"))
  (builtins.pathExists ./data-files/broken-link)
  (builtins.pathExists (toString ./data-files/broken-link + "/"))
  (builtins.pathExists (toString ./data-files + "/dir/../a.txt"))
  (builtins.pathExists (toString ./data-files/a.txt + "/x"))
]
