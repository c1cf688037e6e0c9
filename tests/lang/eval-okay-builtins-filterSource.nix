[
  (builtins.filterSource (p: t: true) ./data-files/dir)
  (builtins.filterSource (p: t: p != toString ./data-files/dir/sub) ./data-files/dir)
  (builtins.filterSource (p: t: t == "regular") ./data-files/dir)
  (builtins.filterSource (p: t: false) ./data-files/a.txt)
]
