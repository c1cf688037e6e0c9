# Structured attributes: the attributes go to the builder as one JSON document (`__json`).
let
  dep = derivation { name = "dep"; builder = "/bin/sh"; system = "x"; };
  d = derivation {
    name = "structured";
    builder = "/bin/sh";
    system = "x86_64-linux";
    __structuredAttrs = true;
    outputs = [ "out" "dev" ];
    str = "a \"quoted\"\nline";
    int = 42;
    float = 1.5;
    bool = true;
    nil = null;
    list = [ 1 "two" [ 3 ] ];
    set = { b = 1; a = { c = "x"; }; };
    path = ././data-files/a.txt;
    inherit dep;
    depOut = "${dep}/bin";
  };
in
[ d.drvPath d.outPath d.dev.outPath ]
