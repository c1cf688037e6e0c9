# Calls of builtins the compiler can name (globals, `builtins.NAME`, and variables bound to
# them) evaluate their strict arguments in place; everything else stays as lazy as in Nix.
let
  inherit (builtins) length elemAt foldl' head;
  m = builtins.map;
  l = rec { len = builtins.length; twice = len [ 1 2 ] * 2; };
  shadowed = let builtins = { length = _: "mine"; }; in builtins.length [ 1 2 3 ];
  map' = let map = f: xs: "not the builtin"; in map (x: x) [ 1 ];
  inherited = let inherit (builtins) length; in let length = _: 0; in length [ 1 ];
  sq = x: x * x;
in
[
  (length (m sq [ 1 2 3 ]))
  (elemAt (m sq [ 1 2 3 ]) (length [ 1 2 ]))
  (foldl' (a: b: a + b) (length [ ]) (m sq (builtins.genList (i: i) 5)))
  l.twice
  shadowed
  map'
  inherited
  # Only the strict arguments are forced; the elements stay lazy.
  (length [ (throw "not forced") ])
  (elemAt [ 1 (throw "not forced") ] 0)
  (builtins.length (map (x: throw "not forced") [ 1 2 ]))
  # More arguments than the builtin takes: the rest apply to its result.
  (head [ (x: x + 1) ] 41)
  (builtins.tryEval (builtins.length (throw "caught")))
  (builtins.seq (length [ 1 ]) "seq")
  (builtins.toString (length (builtins.attrNames { a = 1; b = 2; })))
]
