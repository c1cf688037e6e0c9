builtins.filterSource "all" ./data-files/dir
