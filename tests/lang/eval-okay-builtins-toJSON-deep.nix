# builtins.toJSON walks with its own stack: a list nested 100,000 deep, a set nested as
# deep, and a long list all print (and read back as themselves).
# CppNix recurses on the C stack: the oracle agrees under `ulimit -s unlimited`.
let
  deepList = builtins.foldl' (acc: _: [ acc ]) [ ] (builtins.genList (x: x) 100000);
  deepSet = builtins.foldl' (acc: i: { inherit i; next = acc; }) null (builtins.genList (x: x) 100000);
  long = builtins.genList (i: { inherit i; s = "item"; }) 100000;
in
[
  (builtins.fromJSON (builtins.toJSON deepList) == deepList)
  (builtins.fromJSON (builtins.toJSON deepSet) == deepSet)
  (builtins.fromJSON (builtins.toJSON long) == long)
  (builtins.toJSON [ [ [ [ ] ] ] ])
]
