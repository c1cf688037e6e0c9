# Lists in a derivation's attributes become space-separated words: nested lists
# flattened, an empty list leaving no space, null and false nothing, true "1", numbers
# and derivations as `toString` writes them. The paths hash what was written.
let
  dep = derivation { name = "dep"; system = "x"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; };
  depPath = "${dep}";
  d = derivation {
    name = "lists";
    system = "x";
    builder = "/bin/sh";
    flags = [ "--a" [ "b" [ ] "c" ] [ ] null true false 3 (-2) 1.5 dep dep.dev "" ];
    deps = [ dep [ dep.dev ] ];
    empty = [ ];
    nested = [ [ [ ] ] [ [ "x" ] "y" ] ];
  };
in
builtins.seq depPath [ d.drvPath d.outPath (toString [ dep [ 1 [ ] true null ] "z" ]) ]
