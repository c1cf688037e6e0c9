# Elements that are still to be computed, with names computed too; the first pair of a name
# wins, and values stay lazy.
let
  pair = i: { name = "n${toString (i - i / 3 * 3)}"; value = i * 10; };
in
builtins.listToAttrs (map pair [ 1 2 3 4 5 6 ] ++ [ { name = "lazy"; value = throw "not forced"; } ]) // { lazy = 0; }
