builtins.filterSource (p: t: 1) ./data-files/dir
