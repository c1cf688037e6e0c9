builtins.filterSource (p: t: true) "data-files/dir"
