# A separator of a thousand bytes between a million empty strings: a gigabyte.
let
  sep = builtins.concatStringsSep "" (builtins.genList (_: "x") 1000);
  empties = builtins.concatLists (builtins.genList (_: [ "" "" "" "" "" "" "" "" "" "" ]) 100000);
in
builtins.stringLength (builtins.concatStringsSep sep empties)
