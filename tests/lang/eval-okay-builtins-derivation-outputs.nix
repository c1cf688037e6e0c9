let
  d = derivation {
    name = "multi";
    builder = "/bin/sh";
    system = "x86_64-linux";
    outputs = [ "out" "dev" "lib" ];
  };
in
[
  (builtins.attrNames d)
  d.outputName
  d.dev.outputName
  d.outPath
  d.dev.outPath
  d.lib.outPath
  d.drvPath
  (d.dev.drvPath == d.drvPath)
  (map (o: o.outputName) d.all)
  (d.lib.out.outPath == d.outPath)
  d.drvAttrs.outputs
]
