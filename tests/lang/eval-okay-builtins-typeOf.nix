# typeOf names every type.
with builtins;
map typeOf [ 1 1.5 "s" ./data-files null true [ ] { } (x: x) map (map (x: x)) { __functor = s: x: x; } ]
