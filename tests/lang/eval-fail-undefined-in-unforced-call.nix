# A call never forced, long enough that its code is made only when it is forced: the
# undefined variable is still an error when the file is read, as in Nix.
let
  f = x: y: x + y;
  unforced = f (builtins.length [ 1 2 3 ]) (builtins.stringLength undefinedName);
in 1
