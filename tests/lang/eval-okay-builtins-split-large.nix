with builtins;
let
  text = concatStringsSep "\n" (genList (i: "line ${toString i}: key${toString i} = ${toString (i * i)};") 20000);
  parts = split "\n" text;
  words = split "([a-z]+)([0-9]+)" text;
in
[
  (length parts)
  (length (filter isList words))
  (elemAt parts 2000)
  (elemAt words 3)
]
