builtins.map (x: builtins.abort "aborted with ${toString x}") [ 1 2 ]
