# An element of a nested list that fails to evaluate gets one line per enclosing list
# (Nix adds them as the error leaves each list), not one for itself.
builtins.toString [ 1 [ (throw "inner") ] ]
