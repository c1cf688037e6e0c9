with builtins;
[
  (partition (x: x > 2) [ 1 3 2 4 ])
  (partition (s: s != "ä") [ "ä" "long one" "日本語日本語" ])
]
