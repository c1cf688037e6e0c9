# builtins.fromJSON parses with its own stack: a document nested 100,000 deep is read.
# CppNix 2.8 (and current Nix's comparison) overflow the stack on such depths; nixvm does
# not, so this expectation is nixvm's own.
let
  n = 100000;
  text = builtins.concatStringsSep "" (builtins.genList (_: "[") n)
    + "{\"x\": 1}"
    + builtins.concatStringsSep "" (builtins.genList (_: "]") n);
  expected = builtins.foldl' (acc: _: [ acc ]) { x = 1; } (builtins.genList (x: x) n);
in
builtins.fromJSON text == expected
