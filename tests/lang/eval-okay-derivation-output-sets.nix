# The set of each output: the attributes, the outputs by name, `all`, `drvAttrs`, and its
# own `outPath`, `drvPath`, `type` and `outputName`, which win over attributes and outputs
# of the same name.
let
  d = derivation {
    name = "d";
    system = "x";
    builder = "/bin/sh";
    outputs = [ "out" "dev" ];
    type = "not a derivation";
    outputName = "given";
    extra = 1;
  };
in
[
  (builtins.attrNames d)
  (builtins.attrNames d.dev)
  d.outputName
  d.dev.outputName
  d.type
  d.dev.type
  d.dev.extra
  (map (o: o.outputName) d.all)
  (map (o: o.outputName) d.dev.all)
  d.dev.out.outputName
  d.out.dev.outputName
  d.drvAttrs.outputName
  (d.drvPath == d.dev.drvPath)
  (d.outPath == d.dev.outPath)
  d.dev.outPath
]
