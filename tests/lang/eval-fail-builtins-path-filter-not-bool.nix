builtins.path { path = ./data-files/dir; filter = p: t: "yes"; }
