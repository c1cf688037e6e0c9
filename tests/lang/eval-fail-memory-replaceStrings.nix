# The empty pattern matches at every byte: a thousand bytes for each of 100,000.
let
  s = builtins.concatStringsSep "" (builtins.genList (_: "x") 100000);
  long = builtins.concatStringsSep "" (builtins.genList (_: "y") 1000);
in
builtins.stringLength (builtins.replaceStrings [ "" ] [ long ] s)
