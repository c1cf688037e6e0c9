# Empty strings still get separators; a separator with newlines is kept as it is.
with builtins;
[
  (concatStringsSep "," [ "" "" "" ])
  (concatStringsSep "\n" [ "line1" "line2" ])
  (concatStringsSep "ab" (genList (x: "c") 4))
]
