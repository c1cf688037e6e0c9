# String building: interpolation, concatStringsSep, replaceStrings, substring.
let
  inherit (builtins) genList concatStringsSep replaceStrings substring stringLength;
  parts = genList (i: "item-${toString i}") 100000;
  joined = concatStringsSep "," parts;
  replaced = replaceStrings [ "item" "," ] [ "x" ";" ] joined;
in
[ (stringLength joined) (stringLength replaced) (substring 100 20 replaced) ]
