# Paths, absolute strings and symlinks all read the file they lead to.
[
  (builtins.readFile ./data-files/a.txt)
  (builtins.readFile ./data-files/empty)
  (builtins.readFile (toString ./data-files/a.txt))
  (builtins.readFile ./data-files/link-to-a)
  (builtins.readFile "${toString ./data-files}/dir/../a.txt")
  (builtins.readFile ./data-files/link-to-dir/sub/y)
  (builtins.readFile { outPath = toString ./data-files/dir/x.nix; })
]
