# builtins.fromJSON parses with its own stack: a document nested 100,000 deep is read.
# CppNix recurses on the C stack: the oracle agrees under `ulimit -s unlimited`.
let
  n = 100000;
  text = builtins.concatStringsSep "" (builtins.genList (_: "[") n)
    + "{\"x\": 1}"
    + builtins.concatStringsSep "" (builtins.genList (_: "]") n);
  expected = builtins.foldl' (acc: _: [ acc ]) { x = 1; } (builtins.genList (x: x) n);
in
builtins.fromJSON text == expected
