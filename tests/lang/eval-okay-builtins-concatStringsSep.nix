with builtins;
[
  (concatStringsSep "/" [ "usr" "local" "bin" ])
  (concatStringsSep ", " [ "one" ])
  (concatStringsSep ", " [ ])
  (concatStringsSep "" [ "a" "b" "c" ])
  (concatStringsSep "→" [ "é" "ü" ])
  (concatStringsSep "-" [ "" "" "" ])
  (concatStringsSep "," [ { outPath = "out"; } { __toString = self: "str"; } "plain" ])
  (concatStringsSep "," (genList toString 12))
]
