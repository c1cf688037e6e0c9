# Depending on a derivation makes its .drv an input; a fixed-output input counts only by
# its output hash, so two fetchers of the same contents give the same dependent paths.
let
  fetch = builder: derivation {
    name = "src";
    inherit builder;
    system = "x";
    outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };
  lib = derivation { name = "lib"; builder = "/bin/sh"; system = "x"; outputs = [ "out" "dev" ]; };
  app = src: derivation {
    name = "app";
    builder = "/bin/sh";
    system = "x";
    args = [ "-c" "cp ${src} $out" ];
    buildInputs = [ lib lib.dev ];
    file = ./data-files/a.txt;
    note = builtins.toFile "note" "see ${./data-files/empty}";
    libPath = "${lib}/lib";
  };
  a1 = app (fetch "/bin/a");
  a2 = app (fetch "/bin/b");
in
[
  (fetch "/bin/a").outPath
  ((fetch "/bin/a").drvPath == (fetch "/bin/b").drvPath)
  a1.drvPath
  a1.outPath
  (a1.outPath == a2.outPath)
  (a1.drvPath == a2.drvPath)
  a1.note
]
