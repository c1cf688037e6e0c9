# `sort lessThan` on only integers or only strings, with duplicates, negative numbers,
# bytes beyond ASCII and equal strings that differ in context (kept in their order).
let
  withContext = builtins.appendContext "b" {
    "${builtins.storeDir}/7y6fc5ix1gqhzcaixzkrxa43ga9ys4aq-x" = { path = true; };
  };
  sorted = builtins.sort builtins.lessThan [ "b" "ä" "a" withContext "" "B" "b" "aa" ];
in
[
  (builtins.sort builtins.lessThan [ 3 (-1) 2 3 9223372036854775807 (-9223372036854775807) 0 ])
  sorted
  (map builtins.hasContext sorted)
  (builtins.sort builtins.lessThan [ 2 1.5 1 ])
  (builtins.sort builtins.lessThan [ ])
]
