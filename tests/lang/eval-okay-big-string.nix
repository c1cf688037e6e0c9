# A string built by 20,000 concatenations.
let
  s = builtins.foldl' (acc: i: acc + "ab") "" (builtins.genList (x: x) 20000);
in
[ (s == builtins.concatStringsSep "" (builtins.genList (x: "ab") 20000)) ]
