# A function returned where a list is expected: Nix points at that function.
builtins.concatMap (x: y: y) [ 1 ]
