# abort is not caught by tryEval, even inside a callback.
builtins.tryEval (builtins.map (x: builtins.abort "aborted in map") [ 1 ])
