[ (builtins.builtins.builtins.length [ 1 ]) (builtins ? map) (builtins ? nonexistent) ]
